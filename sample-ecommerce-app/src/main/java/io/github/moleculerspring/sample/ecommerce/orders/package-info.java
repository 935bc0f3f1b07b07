/**
 * The {@code orders} service: the order saga over users, inventory and payments, with compensation.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.orders;

import org.jspecify.annotations.NullMarked;
