package io.github.moleculerspring.sample.ecommerce.inventory;

import java.math.BigDecimal;
import java.util.List;

/**
 * Stock held for one order.
 * @param orderId the order
 * @param status {@code RESERVED} or {@code RELEASED}
 * @param amount the price of the reserved items
 * @param items the reserved lines
 */
public record Reservation(String orderId, String status, BigDecimal amount, List<Line> items) {

	/**
	 * A reserved line.
	 * @param productId the product
	 * @param quantity the units
	 * @param unitPrice the price per unit at reservation time
	 */
	public record Line(String productId, int quantity, BigDecimal unitPrice) {
	}

}
