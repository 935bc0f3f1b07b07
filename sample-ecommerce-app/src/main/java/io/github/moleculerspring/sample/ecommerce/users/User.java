package io.github.moleculerspring.sample.ecommerce.users;

import java.time.Instant;

/**
 * A customer account, as the {@code users} actions return it.
 * @param id the id
 * @param email the email address (unique)
 * @param name the display name
 * @param active whether the user may place orders
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 */
public record User(String id, String email, String name, boolean active, Instant createdAt, Instant updatedAt) {
}
