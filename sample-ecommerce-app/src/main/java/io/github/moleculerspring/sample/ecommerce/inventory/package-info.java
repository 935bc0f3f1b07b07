/**
 * The {@code inventory} service: products, their stock, and per-order stock reservations.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.inventory;

import org.jspecify.annotations.NullMarked;
