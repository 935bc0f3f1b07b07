package io.github.moleculerspring.sample.ecommerce.payments;

import java.math.BigDecimal;
import java.util.UUID;

import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import io.github.moleculerspring.sample.ecommerce.shop.ShopProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A provider that moves no money, with deterministic declines like a payment sandbox's test
 * cards: the card {@code shop.payments.declined-card} (4000000000000002) and any amount above
 * {@code shop.payments.decline-above} (10,000) are declined; anything else is approved.
 */
@Component
@ConditionalOnShopService("payments")
public class SimulatedPaymentProvider implements PaymentProvider {

	private static final Logger logger = LoggerFactory.getLogger(SimulatedPaymentProvider.class);

	private final ShopProperties.Payments settings;

	public SimulatedPaymentProvider(ShopProperties properties) {
		this.settings = properties.getPayments();
	}

	@Override
	public Outcome charge(String reference, BigDecimal amount, String cardNumber) {
		if (cardNumber.equals(this.settings.getDeclinedCard())) {
			return new Outcome(false, null, "Card declined");
		}
		if (amount.compareTo(this.settings.getDeclineAbove()) > 0) {
			return new Outcome(false, null, "Amount " + amount + " is over the limit of " + this.settings.getDeclineAbove());
		}
		return new Outcome(true, "sim_" + UUID.randomUUID(), null);
	}

	@Override
	public void refund(String transactionId, BigDecimal amount) {
		logger.info("Refunded {} of {}", amount, transactionId);
	}

}
