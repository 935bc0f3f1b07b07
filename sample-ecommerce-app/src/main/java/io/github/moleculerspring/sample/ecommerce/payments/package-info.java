/**
 * The {@code payments} service: charges and refunds through a {@link io.github.moleculerspring.sample.ecommerce.payments.PaymentProvider}.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.payments;

import org.jspecify.annotations.NullMarked;
