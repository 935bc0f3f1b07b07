/**
 * Fault tolerance options with Moleculer's semantics and defaults: circuit breaker (on
 * Resilience4j), retry policy and bulkhead, each overridable per action. The middlewares that apply
 * them are in {@code io.github.moleculerspring.middleware}.
 */
@NullMarked
package io.github.moleculerspring.fault;

import org.jspecify.annotations.NullMarked;
