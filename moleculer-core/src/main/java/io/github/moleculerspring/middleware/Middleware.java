package io.github.moleculerspring.middleware;

import java.util.List;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.BrokerView;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Moleculer's middleware hooks, the extension point for cross-cutting steps. The wrapping hooks
 * ({@link #localAction}, {@link #remoteAction}, {@link #localEvent}) wrap the invoker of one
 * endpoint when it is registered, so the cost is paid once and not on every call; the notification
 * hooks tell a middleware about events sent, retries, fallbacks, and the broker's start and stop.
 * The broker's built-in middlewares (bulkhead, circuit breaker, timeout, fallback, metrics and
 * tracing) use the same hooks.
 *
 * <p>
 * Give one to the broker with {@code BrokerOptions.Builder#middleware}; in Spring, declare a bean
 * (ordered with {@code @Order}). The first in the list is the innermost, closest to the handler.
 */
public interface Middleware {

	/**
	 * Wraps the handler of a local action (the callee side, also used for local calls).
	 * @param next the invoker to wrap
	 * @param endpoint the local endpoint
	 * @return the wrapped invoker, or {@code next}
	 */
	default ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		return next;
	}

	/**
	 * Wraps the request to a remote action (the caller side).
	 * @param next the invoker to wrap
	 * @param endpoint the remote endpoint
	 * @return the wrapped invoker, or {@code next}
	 */
	default ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
		return next;
	}

	/**
	 * Wraps a local event handler.
	 * @param next the invoker to wrap
	 * @param endpoint the local endpoint
	 * @return the wrapped invoker, or {@code next}
	 */
	default EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
		return next;
	}

	/**
	 * Notification: an event was emitted, broadcast or broadcast locally by this node.
	 * @param type {@code emit}, {@code broadcast} or {@code broadcastLocal}
	 * @param event the event name
	 * @param groups the groups it was restricted to, or {@code null}
	 */
	default void eventSent(String type, String event, @Nullable List<String> groups) {
	}

	/**
	 * Notification: a failed call is retried.
	 * @param action the action
	 * @param service the service full name, or {@code null} when no endpoint was found
	 * @param attempt the retry number, from 1
	 * @param error the failure being retried
	 */
	default void retried(String action, @Nullable String service, int attempt, Throwable error) {
	}

	/**
	 * Notification: a failed call was answered by a fallback (call-level or action-level).
	 * @param action the action
	 * @param service the service full name, or {@code null} when no endpoint was found
	 * @param error the failure
	 */
	default void fellBack(String action, @Nullable String service, Throwable error) {
	}

	/**
	 * Called once the broker has started.
	 * @param broker the broker
	 */
	default void started(BrokerView broker) {
	}

	/**
	 * Called when the broker stops.
	 * @param broker the broker
	 */
	default void stopped(BrokerView broker) {
	}

}
