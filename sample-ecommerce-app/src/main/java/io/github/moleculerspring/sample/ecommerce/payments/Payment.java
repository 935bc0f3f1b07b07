package io.github.moleculerspring.sample.ecommerce.payments;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * A payment for one order, as the {@code payments} actions return it.
 * @param id the id
 * @param orderId the order
 * @param userId the paying user
 * @param amount the amount charged
 * @param fee the processing fee kept by the provider
 * @param status {@code COMPLETED}, {@code DECLINED} or {@code REFUNDED}
 * @param reason why it was declined
 * @param cardLast4 the last four digits of the card
 */
public record Payment(String id, String orderId, String userId, BigDecimal amount, BigDecimal fee, String status,
		@Nullable String reason, String cardLast4) {
}
