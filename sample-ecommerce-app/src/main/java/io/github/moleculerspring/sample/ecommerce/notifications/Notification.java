package io.github.moleculerspring.sample.ecommerce.notifications;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A message the shop would send to a customer.
 * @param id the id
 * @param event the event that caused it
 * @param userId the recipient
 * @param orderId the order it is about
 * @param message the text
 * @param createdAt when it was recorded
 */
public record Notification(String id, String event, @Nullable String userId, @Nullable String orderId,
		String message, Instant createdAt) {
}
