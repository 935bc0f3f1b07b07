/**
 * Moleculer's middlewares: the plug-in SPI ({@link io.github.moleculerspring.middleware.Middleware}
 * and the invokers it wraps), through which cross-cutting steps wrap every action and event handler
 * of a broker once per endpoint, when it is registered; the
 * {@link io.github.moleculerspring.middleware.MiddlewareChain} that applies them in order; and the
 * built-in middlewares: bulkhead, circuit breaker, timeout, fallback, metrics and tracing, which
 * take the few collaborators they use (a timer, a broadcast callback, a context carrier) rather than
 * the broker.
 */
@NullMarked
package io.github.moleculerspring.middleware;

import org.jspecify.annotations.NullMarked;
