package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.transport.Transit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests other nodes send, once the {@link Transit} has made their context: refuses
 * them while the broker stops, answers an unknown or private action with an error, otherwise runs
 * the local endpoint's invoker. The transit sends the response and counts the requests in flight;
 * a graceful stop waits here until none is left.
 */
final class IncomingRequests {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final ServiceBroker broker;

	private final LongFunction<CompletableFuture<Void>> delay;

	IncomingRequests(ServiceBroker broker, LongFunction<CompletableFuture<Void>> delay) {
		this.broker = broker;
		this.delay = delay;
	}

	/**
	 * Serves one request from another node.
	 * @param action the action
	 * @param ctx its context
	 * @return the result, or the refusal as a failed future
	 */
	CompletableFuture<Object> serve(String action, BrokerContext ctx) {
		if (this.broker.refusing()) {
			return CompletableFuture.failedFuture(new ServiceNotAvailableError(action, this.broker.nodeID()));
		}
		ActionEndpoint endpoint = servable(action);
		if (endpoint == null) {
			return CompletableFuture.failedFuture(new ServiceNotFoundError(action, this.broker.nodeID()));
		}
		ctx.service(endpoint.service().fullName());
		try {
			return endpoint.invoker().invoke(ctx);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Why a request for an action would be refused now.
	 * @param action the action
	 * @return the error, or {@code null} when it could be served
	 */
	@Nullable MoleculerError refusal(String action) {
		if (this.broker.refusing()) {
			return new ServiceNotAvailableError(action, this.broker.nodeID());
		}
		return (servable(action) == null) ? new ServiceNotFoundError(action, this.broker.nodeID()) : null;
	}

	/**
	 * Whether a request for an action may run on the poller that read it: the action is served here
	 * and declared non-blocking. A refusal (stopping, unknown) is cheap, so it may run inline too.
	 * @param action the action
	 * @return {@code true} to serve it inline
	 */
	boolean servesInline(String action) {
		ActionEndpoint endpoint = servable(action);
		if (endpoint == null) {
			return true;
		}
		ActionDefinition definition = endpoint.definition();
		return definition != null && definition.nonBlocking();
	}

	private @Nullable ActionEndpoint servable(String action) {
		ActionEndpoint endpoint = this.broker.registry().getLocalActionEndpoint(action);
		return (endpoint == null || !endpoint.visibility().isRemotelyCallable()) ? null : endpoint;
	}

	/**
	 * Completes when no request is in flight, or at the deadline (with a warning).
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return completes when drained or at the deadline
	 */
	CompletableFuture<Void> awaitDrained(long deadlineNanos) {
		if (this.broker.inflightRequests() == 0) {
			return CompletableFuture.completedFuture(null);
		}
		if (System.nanoTime() > deadlineNanos) {
			logger.warn("Broker '{}' stops with {} request(s) still in flight after the shutdown timeout",
					this.broker.nodeID(), this.broker.inflightRequests());
			return CompletableFuture.completedFuture(null);
		}
		return this.delay.apply(10).thenCompose((v) -> awaitDrained(deadlineNanos));
	}

}
