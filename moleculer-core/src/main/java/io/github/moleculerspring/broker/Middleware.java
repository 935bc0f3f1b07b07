package io.github.moleculerspring.broker;

import java.util.List;

import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Moleculer's middleware hooks: each wraps the invoker of one endpoint when it is registered, so the
 * cost is paid once and not on every call. The broker's built-in middlewares (timeouts, error
 * normalization, and later circuit breaker, retry, bulkhead, metrics and tracing) use the same
 * hooks.
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
	default void started(ServiceBroker broker) {
	}

	/**
	 * Called when the broker stops.
	 * @param broker the broker
	 */
	default void stopped(ServiceBroker broker) {
	}

}
