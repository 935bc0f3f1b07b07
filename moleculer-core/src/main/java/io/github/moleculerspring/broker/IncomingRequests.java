package io.github.moleculerspring.broker;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.transport.Transit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests other nodes send: refuses them while the broker stops, answers an unknown,
 * private or streaming action with an error, otherwise runs the local endpoint's invoker and sends
 * the response through {@link Transit}. It counts the requests in flight, which a graceful stop
 * waits for.
 */
final class IncomingRequests {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final ServiceBroker broker;

	private final ContextFactory contexts;

	private final LongFunction<CompletableFuture<Void>> delay;

	private final AtomicInteger inflight = new AtomicInteger();

	IncomingRequests(ServiceBroker broker, ContextFactory contexts, LongFunction<CompletableFuture<Void>> delay) {
		this.broker = broker;
		this.contexts = contexts;
		this.delay = delay;
	}

	/** Incoming requests being handled now. */
	int inflight() {
		return this.inflight.get();
	}

	/** Serves one request from another node. */
	void handle(RequestPacket packet) {
		Transit current = Objects.requireNonNull(this.broker.transit());
		String nodeID = this.broker.nodeID();
		if (this.broker.refusing()) {
			current.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null,
					new ServiceNotAvailableError(packet.action(), nodeID));
			return;
		}
		ActionEndpoint endpoint = this.broker.registry().getLocalActionEndpoint(packet.action());
		if (endpoint == null || !endpoint.visibility().isRemotelyCallable()) {
			current.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null,
					new ServiceNotFoundError(packet.action(), nodeID));
			return;
		}
		if (Boolean.TRUE.equals(packet.stream()) || packet.seq() != null) {
			if (packet.seq() == null || packet.seq() == 0) {
				current.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null,
						new MoleculerClientError("Streams are not supported by this node ('" + nodeID
								+ "', Java); send the data as params.", 422, "STREAM_NOT_SUPPORTED",
								Map.of("action", packet.action(), "nodeID", nodeID)));
			}
			return;
		}
		BrokerContext ctx = this.contexts.request(packet, endpoint);
		this.inflight.incrementAndGet();
		CompletableFuture<Object> result;
		try {
			result = endpoint.invoker().invoke(ctx);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		result.whenComplete((value, error) -> {
			try {
				current.sendResponse(packet.sender(), packet.id(), ctx.meta, ctx.responseHeaders, value,
						(error != null) ? MoleculerErrors.unwrap(error) : null);
			}
			finally {
				this.inflight.decrementAndGet();
			}
		});
	}

	/**
	 * Completes when no request is in flight, or at the deadline (with a warning).
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return completes when drained or at the deadline
	 */
	CompletableFuture<Void> awaitDrained(long deadlineNanos) {
		if (this.inflight.get() == 0) {
			return CompletableFuture.completedFuture(null);
		}
		if (System.nanoTime() > deadlineNanos) {
			logger.warn("Broker '{}' stops with {} request(s) still in flight after the shutdown timeout",
					this.broker.nodeID(), this.inflight.get());
			return CompletableFuture.completedFuture(null);
		}
		return this.delay.apply(10).thenCompose((v) -> awaitDrained(deadlineNanos));
	}

}
