package io.github.moleculerspring.sample.ecommerce.payments;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The card processor behind the {@code payments} service. The sample ships
 * {@link SimulatedPaymentProvider}; a real one (Stripe, Adyen, ...) would be another bean.
 */
public interface PaymentProvider {

	/**
	 * Charges a card.
	 * @param reference the merchant reference, the order id (providers use it for idempotency)
	 * @param amount the amount
	 * @param cardNumber the card number
	 * @return the outcome
	 */
	Outcome charge(String reference, BigDecimal amount, String cardNumber);

	/**
	 * Refunds a charge in full.
	 * @param transactionId the provider's id of the charge
	 * @param amount the amount
	 */
	void refund(String transactionId, BigDecimal amount);

	/**
	 * The outcome of a charge.
	 * @param approved whether the money moved
	 * @param transactionId the provider's id of the charge, when approved
	 * @param declineReason why it was declined, when not approved
	 */
	record Outcome(boolean approved, @Nullable String transactionId, @Nullable String declineReason) {
	}

}
