package io.github.moleculerspring.broker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.error.MoleculerError;

import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.registry.Discoverer;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.transport.Transit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles what the transit hands the broker: requests and events (as contexts) go to
 * {@link IncomingRequests} and {@link EventBus}; PONGs become {@code $node.pong}; a peer that
 * reconnected has the requests lost while it was away rejected, a node gone from the transporter is
 * disconnected; and the transporter's own connection restarts discovery after a reconnect. (Other
 * nodes' INFO, HEARTBEAT and DISCONNECT go from the transit to the registry directly.)
 */
final class TransitHandler implements Transit.Handler {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final ServiceBroker broker;

	private final IncomingRequests requests;

	private final EventBus events;

	private final InfoAnnouncer info;

	TransitHandler(ServiceBroker broker, IncomingRequests requests, EventBus events, InfoAnnouncer info) {
		this.broker = broker;
		this.requests = requests;
		this.events = events;
		this.info = info;
	}

	@Override
	public CompletableFuture<Object> onRequest(String action, BrokerContext ctx) {
		return this.requests.serve(action, ctx);
	}

	@Override
	public @Nullable MoleculerError refusal(String action) {
		return this.requests.refusal(action);
	}

	@Override
	public void onEvent(BrokerContext ctx) {
		this.events.receive(ctx);
	}

	@Override
	public boolean servesInline(String action) {
		return this.requests.servesInline(action);
	}

	@Override
	public boolean deliversInline(String event) {
		return this.events.deliversInline(event);
	}

	@Override
	public void onPong(String nodeID, String id, long elapsedMillis, long timeDiffMillis) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("nodeID", nodeID);
		payload.put("elapsedTime", elapsedMillis);
		payload.put("timeDiff", timeDiffMillis);
		payload.put("id", id);
		this.broker.broadcastLocal("$node.pong", payload);
	}

	@Override
	public Transit.LocalInfo localInfo() {
		return this.info.localInfo();
	}

	@Override
	public void onConnected(boolean reconnected) {
		this.info.updateLocalNode();
		Discoverer discoverer = this.broker.discoverer();
		if (reconnected && this.broker.isStarted() && discoverer != null) {
			// Nothing could be heard while this node was cut off: give every peer a fresh start.
			// As of the moment of reconnection, not later: requests sent from then on to a peer that is still
			// away are the ones onPeerConnected fails when it comes back.
			this.broker.registry().touchAll(Objects.requireNonNull(this.broker.transit()).connectedAtMillis());
			discoverer.start();
		}
		this.broker.broadcastLocal("$transporter.connected", Map.of("wasReconnect", reconnected));
	}

	@Override
	public void onDisconnected() {
		Discoverer discoverer = this.broker.discoverer();
		if (discoverer != null) {
			discoverer.stop();
		}
		this.broker.broadcastLocal("$transporter.disconnected", Map.of("graceFul", false));
	}

	@Override
	public void onActivity(String nodeID) {
		this.broker.registry().touch(nodeID);
	}

	@Override
	public void onPeerConnected(String nodeID) {
		// A known node announcing a (re)connection was away: NATS dropped what was sent to it since it
		// was last heard from. Fail those requests now (retryable) rather than at their timeout.
		Node node = this.broker.registry().getNode(nodeID);
		Transit current = this.broker.transit();
		if (node != null && node.isAvailable() && !node.isLocal() && current != null) {
			int rejected = current.rejectPendingSince(nodeID, node.lastHeartbeatMillis(),
					(request) -> new RequestRejectedError(request.action(), nodeID));
			if (rejected > 0) {
				logger.warn("Node '{}' reconnected to the transporter; {} request(s) sent to it since it was last "
						+ "heard from were lost in transit and are rejected.", nodeID, rejected);
			}
		}
	}

	@Override
	public void onNodeGone(String nodeID) {
		Node node = this.broker.registry().getNode(nodeID);
		if (node != null && node.isAvailable()) {
			logger.warn("Node '{}' has no subscription on the transporter any more (its process is gone).", nodeID);
			this.broker.registry().nodeDisconnected(nodeID, true);
		}
	}

}
