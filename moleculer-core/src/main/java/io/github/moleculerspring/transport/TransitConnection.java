package io.github.moleculerspring.transport;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.protocol.DisconnectPacket;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection state of the {@link Transit} and what each change of it does: on connecting,
 * subscribe this node's subjects, announce the node and start the pending-request watch; on a
 * connection loss, fail what can no longer be answered; on disconnecting, say goodbye, drain and
 * fail what is left.
 */
final class TransitConnection {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	private final String nodeID;

	private final Topics topics;

	private final Transporter transporter;

	private final Transit.Handler handler;

	private final PendingRequests pending;

	private final PacketPublisher publisher;

	private final TransitSubscriptions subscriptions;

	private final NodeAnnouncer announcer;

	private final Pings pings;

	private volatile boolean connected;

	private volatile long connectedAtMillis;

	TransitConnection(Transit.Config config, Transit.Handler handler, PendingRequests pending,
			PacketPublisher publisher, TransitSubscriptions subscriptions, NodeAnnouncer announcer, Pings pings) {
		this.nodeID = config.nodeID();
		this.topics = config.topics();
		this.transporter = config.transporter();
		this.handler = handler;
		this.pending = pending;
		this.publisher = publisher;
		this.subscriptions = subscriptions;
		this.announcer = announcer;
		this.pings = pings;
	}

	/** Whether the transporter is connected and this node's subjects are subscribed. */
	boolean isConnected() {
		return this.connected && this.transporter.isConnected();
	}

	/** When the transporter last (re)connected. */
	long connectedAtMillis() {
		return this.connectedAtMillis;
	}

	/** See {@link Transit#onConnected(boolean)}. */
	void onConnected(boolean reconnected) {
		this.connectedAtMillis = System.currentTimeMillis();
		try {
			if (!reconnected || !this.subscriptions.hasOwn()) {
				this.subscriptions.subscribeOwn();
			}
			this.connected = true;
			// DISCOVER first: to a peer it means "this node was away", which it can only tell while nothing
			// newer (the INFO) has arrived from this node (see Handler.onPeerConnected).
			this.announcer.discover(null);
			if (reconnected) {
				logger.info("Transporter reconnected; announcing this node again");
				this.announcer.broadcastInfo();
			}
			this.pending.startWatch(this::probe);
			this.handler.onConnected(reconnected);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not finish connecting the transit", ex);
		}
	}

	/** See {@link Transit#onDisconnected()}. */
	void onDisconnected() {
		this.connected = false;
		int pending = this.pending.size();
		rejectAll();
		if (pending > 0) {
			logger.warn("Transporter disconnected: {} pending request(s) failed with BrokerDisconnectedError", pending);
		}
		this.handler.onDisconnected();
	}

	/** See {@link Transit#disconnect()}. */
	CompletableFuture<Void> disconnect() {
		if (this.transporter.isConnected()) {
			this.publisher.publish(this.topics.broadcast(PacketType.DISCONNECT),
					new DisconnectPacket(this.publisher.ver(), this.nodeID));
		}
		this.connected = false;
		this.pending.stopWatch();
		return this.transporter.flush()
			.exceptionally((ex) -> null)
			.thenCompose((v) -> this.transporter.disconnect())
			.whenComplete((v, ex) -> rejectAll());
	}

	/** See {@link Transit#probeNode(String)}. */
	void probe(String target) {
		if (isConnected()) {
			this.pings.probe(target);
		}
	}

	/** Fails every pending request and ping: the connection is gone. */
	private void rejectAll() {
		this.pending.rejectAll((request) -> new BrokerDisconnectedError());
		this.pings.rejectAll();
	}

}
