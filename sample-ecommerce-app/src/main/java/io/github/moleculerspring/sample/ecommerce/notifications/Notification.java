package io.github.moleculerspring.sample.ecommerce.notifications;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A message the shop would send to a customer: a Spring Data JDBC aggregate of the
 * {@code notification} table (named after the class, as Spring Data JDBC does).
 * @param id the id
 * @param event the event that caused it
 * @param userId the recipient
 * @param orderId the order it is about
 * @param message the text
 * @param createdAt when it was recorded
 */
@Table
public record Notification(@Id String id, String event, @Nullable String userId, @Nullable String orderId,
		String message, Instant createdAt) {
}
