/**
 * The {@code notifications} service: records the messages the shop would send on its events.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.notifications;

import org.jspecify.annotations.NullMarked;
