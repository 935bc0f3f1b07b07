package io.github.moleculerspring.sample.ecommerce.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample shop ({@code shop.*}): which services this node runs, and the payment
 * fees and limits of the simulated provider.
 */
@ConfigurationProperties("shop")
public class ShopProperties {

	/** Every part of the shop, in the order a single node starts them. */
	public static final List<String> ALL_SERVICES = List.of("gateway", "users", "inventory", "payments", "orders",
			"notifications");

	/**
	 * Parts of the shop this node runs: 'gateway' (the HTTP API) and any of the services users,
	 * inventory, payments, orders and notifications.
	 */
	private List<String> services = new ArrayList<>(ALL_SERVICES);

	private final Payments payments = new Payments();

	public List<String> getServices() {
		return this.services;
	}

	public void setServices(List<String> services) {
		this.services = services;
	}

	public Payments getPayments() {
		return this.payments;
	}

	/** Fees and limits of the payments service. */
	public static class Payments {

		/** Percentage of the amount charged as a fee. */
		private BigDecimal feePercent = new BigDecimal("2.9");

		/** Fixed fee added to every charge. */
		private BigDecimal feeFixed = new BigDecimal("0.30");

		/** Amount above which the simulated provider always declines a charge. */
		private BigDecimal declineAbove = new BigDecimal("10000");

		/** Card number that the simulated provider always declines. */
		private String declinedCard = "4000000000000002";

		public BigDecimal getFeePercent() {
			return this.feePercent;
		}

		public void setFeePercent(BigDecimal feePercent) {
			this.feePercent = feePercent;
		}

		public BigDecimal getFeeFixed() {
			return this.feeFixed;
		}

		public void setFeeFixed(BigDecimal feeFixed) {
			this.feeFixed = feeFixed;
		}

		public BigDecimal getDeclineAbove() {
			return this.declineAbove;
		}

		public void setDeclineAbove(BigDecimal declineAbove) {
			this.declineAbove = declineAbove;
		}

		public String getDeclinedCard() {
			return this.declinedCard;
		}

		public void setDeclinedCard(String declinedCard) {
			this.declinedCard = declinedCard;
		}

	}

}
