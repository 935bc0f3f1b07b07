/**
 * Fault tolerance with Moleculer's semantics: circuit breaker (on Resilience4j), retry policy,
 * bulkhead and fallback.
 */
@NullMarked
package io.github.moleculerspring.fault;

import org.jspecify.annotations.NullMarked;
