/**
 * The {@code users} service: customer accounts in its own {@code users} table.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.users;

import org.jspecify.annotations.NullMarked;
