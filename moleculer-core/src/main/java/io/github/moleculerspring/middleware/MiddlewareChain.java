package io.github.moleculerspring.middleware;

import java.util.List;
import java.util.function.Consumer;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.BrokerView;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's middlewares in their order, and the one place that applies them (Moleculer's
 * {@code middleware.js}): it wraps a handler or a request in every middleware's hook, once per
 * endpoint when the endpoint is registered, and tells every middleware about the broker's
 * notifications.
 *
 * <p>
 * The first middleware in the list is the innermost, closest to the handler: each one wraps what
 * the ones before it returned. A notification that fails in one middleware is logged and does not
 * keep the others from hearing it; so is a failing {@code stopped} hook. A failing {@code started}
 * hook fails the broker's start, and the middlewares after it are not told.
 */
public final class MiddlewareChain {

	private static final Logger logger = LoggerFactory.getLogger(MiddlewareChain.class);

	private final List<Middleware> middlewares;

	/**
	 * Creates the chain.
	 * @param middlewares the middlewares, innermost first
	 */
	public MiddlewareChain(List<Middleware> middlewares) {
		this.middlewares = List.copyOf(middlewares);
	}

	/** The middlewares, innermost first. */
	public List<Middleware> middlewares() {
		return this.middlewares;
	}

	/**
	 * Wraps the handler of a local action in every middleware's {@link Middleware#localAction}.
	 * @param handler the invoker that runs the handler
	 * @param endpoint the local endpoint
	 * @return the invoker to use for the endpoint
	 */
	public ActionInvoker localAction(ActionInvoker handler, ActionEndpoint endpoint) {
		ActionInvoker invoker = handler;
		for (Middleware middleware : this.middlewares) {
			invoker = middleware.localAction(invoker, endpoint);
		}
		return invoker;
	}

	/**
	 * Wraps a request to a remote action in every middleware's {@link Middleware#remoteAction}: a
	 * request to the endpoint's node, or a balanced request that the transporter hands to any node
	 * of the action ({@code disableBalancer}).
	 * @param request the invoker that sends the request
	 * @param endpoint the remote endpoint
	 * @return the invoker to use for the endpoint
	 */
	public ActionInvoker remoteAction(ActionInvoker request, ActionEndpoint endpoint) {
		ActionInvoker invoker = request;
		for (Middleware middleware : this.middlewares) {
			invoker = middleware.remoteAction(invoker, endpoint);
		}
		return invoker;
	}

	/**
	 * Wraps a local event handler in every middleware's {@link Middleware#localEvent}.
	 * @param handler the invoker that runs the handler
	 * @param endpoint the local endpoint
	 * @return the invoker to use for the endpoint
	 */
	public EventInvoker localEvent(EventInvoker handler, EventEndpoint endpoint) {
		EventInvoker invoker = handler;
		for (Middleware middleware : this.middlewares) {
			invoker = middleware.localEvent(invoker, endpoint);
		}
		return invoker;
	}

	/**
	 * Tells every middleware that this node emitted, broadcast or broadcast locally an event.
	 * @param type {@code emit}, {@code broadcast} or {@code broadcastLocal}
	 * @param event the event name
	 * @param groups the groups it was restricted to, or {@code null}
	 * @see Middleware#eventSent
	 */
	public void eventSent(String type, String event, @Nullable List<String> groups) {
		notifyEach((middleware) -> middleware.eventSent(type, event, groups));
	}

	/**
	 * Tells every middleware that a failed call is retried.
	 * @param action the action
	 * @param service the service full name, or {@code null} when no endpoint was found
	 * @param attempt the retry number, from 1
	 * @param error the failure being retried
	 * @see Middleware#retried
	 */
	public void retried(String action, @Nullable String service, int attempt, Throwable error) {
		notifyEach((middleware) -> middleware.retried(action, service, attempt, error));
	}

	/**
	 * Tells every middleware that a failed call was answered by a fallback.
	 * @param action the action
	 * @param service the service full name, or {@code null} when no endpoint was found
	 * @param error the failure
	 * @see Middleware#fellBack
	 */
	public void fellBack(String action, @Nullable String service, Throwable error) {
		notifyEach((middleware) -> middleware.fellBack(action, service, error));
	}

	/**
	 * Tells every middleware, in order, that the broker has started. A failure propagates: the
	 * middlewares after the failing one are not told.
	 * @param broker the broker
	 */
	public void started(BrokerView broker) {
		for (Middleware middleware : this.middlewares) {
			middleware.started(broker);
		}
	}

	/**
	 * Tells every middleware, in order, that the broker has stopped; a failing one is logged.
	 * @param broker the broker
	 */
	public void stopped(BrokerView broker) {
		for (Middleware middleware : this.middlewares) {
			try {
				middleware.stopped(broker);
			}
			catch (RuntimeException failure) {
				logger.warn("Middleware failed on stop", failure);
			}
		}
	}

	private void notifyEach(Consumer<Middleware> notification) {
		for (Middleware middleware : this.middlewares) {
			try {
				notification.accept(middleware);
			}
			catch (RuntimeException ex) {
				logger.warn("Middleware {} failed on a notification", middleware, ex);
			}
		}
	}

}
