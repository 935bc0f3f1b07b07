package io.github.moleculerspring.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.protocol.RequestPacket;

/**
 * Serves the requests other nodes send, on the transit's side: maps the REQUEST to a context, asks
 * the broker's {@link Transit.Handler} for the result and sends the RESPONSE with the context's
 * final meta and response headers. A stream packet gets the broker's refusal if it has one, else
 * {@code STREAM_NOT_SUPPORTED} at its first chunk and no answer to the others. It counts the
 * requests in flight (from before the handler runs until the response is sent), which a graceful
 * stop waits for.
 */
final class InboundRequests {

	private final String nodeID;

	private final Transit.Handler handler;

	private final ContextFactory contexts;

	private final PacketPublisher publisher;

	private final AtomicInteger inflight = new AtomicInteger();

	InboundRequests(String nodeID, Transit.Handler handler, ContextFactory contexts, PacketPublisher publisher) {
		this.nodeID = nodeID;
		this.handler = handler;
		this.contexts = contexts;
		this.publisher = publisher;
	}

	/** Requests from other nodes being handled now. */
	int inflight() {
		return this.inflight.get();
	}

	/** Serves one request from another node. */
	void serve(RequestPacket packet) {
		if (Boolean.TRUE.equals(packet.stream()) || packet.seq() != null) {
			refuseStream(packet);
			return;
		}
		BrokerContext ctx = ContextPackets.context(packet, this.contexts);
		this.inflight.incrementAndGet();
		CompletableFuture<Object> result;
		try {
			result = this.handler.onRequest(packet.action(), ctx);
		}
		catch (RuntimeException ex) {
			result = CompletableFuture.failedFuture(ex);
		}
		result.whenComplete((value, error) -> {
			try {
				this.publisher.sendResponse(packet.sender(), packet.id(), ctx.meta(), ctx.responseHeadersOrNull(),
						value, (error != null) ? MoleculerErrors.unwrap(error) : null);
			}
			finally {
				this.inflight.decrementAndGet();
			}
		});
	}

	private void refuseStream(RequestPacket packet) {
		MoleculerError refusal = this.handler.refusal(packet.action());
		if (refusal == null && packet.seq() != null && packet.seq() != 0) {
			return;
		}
		if (refusal == null) {
			refusal = new MoleculerClientError("Streams are not supported by this node ('" + this.nodeID
					+ "', Java); send the data as params.", 422, "STREAM_NOT_SUPPORTED",
					Map.of("action", packet.action(), "nodeID", this.nodeID));
		}
		this.publisher.sendResponse(packet.sender(), packet.id(), packet.meta(), null, null, refusal);
	}

}
