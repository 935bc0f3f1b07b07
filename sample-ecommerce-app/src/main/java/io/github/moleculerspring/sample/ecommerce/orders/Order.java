package io.github.moleculerspring.sample.ecommerce.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An order, as the {@code orders} actions return it.
 * @param id the id
 * @param userId the customer
 * @param status {@code PENDING}, {@code CONFIRMED}, {@code FAILED} or {@code CANCELLED}
 * @param total the amount charged, once reserved
 * @param paymentId the payment, once charged
 * @param reason why it failed
 * @param items the lines
 * @param createdAt when it was placed
 * @param updatedAt when its status last changed
 */
public record Order(String id, String userId, String status, @Nullable BigDecimal total, @Nullable String paymentId,
		@Nullable String reason, List<Line> items, Instant createdAt, Instant updatedAt) {

	/**
	 * An order line.
	 * @param productId the product
	 * @param quantity the units
	 */
	public record Line(String productId, int quantity) {
	}

}
