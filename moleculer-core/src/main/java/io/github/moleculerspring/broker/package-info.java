/**
 * The service broker: the entry point that starts services, calls actions and emits events.
 */
@NullMarked
package io.github.moleculerspring.broker;

import org.jspecify.annotations.NullMarked;
