package io.github.moleculerspring.transport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.error.InvalidPacketDataError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.protocol.DisconnectPacket;
import io.github.moleculerspring.protocol.EventPacket;
import io.github.moleculerspring.protocol.HeartbeatPacket;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.Packet;
import io.github.moleculerspring.protocol.PacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.Packets;
import io.github.moleculerspring.protocol.PingPacket;
import io.github.moleculerspring.protocol.PongPacket;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.protocol.ResponsePacket;
import io.github.moleculerspring.protocol.Topics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The receive path of the {@link Transit}: takes a raw packet, counts it, maps its subject to a
 * packet type (other namespaces and unknown subjects are dropped), admits it (requests up to the
 * incoming queue limit, the rest answered with {@link QueueIsFullError}; events up to theirs, the
 * rest dropped, counted and logged with the {@link QueueIsFullError} an event cannot carry back) and
 * hands it off: requests,
 * responses and events to the worker executor, discovery packets to one serial lane so registry
 * changes apply in arrival order. There it is decoded (a malformed payload is counted as invalid,
 * never thrown), checked (protocol version, own echoes, node ID conflicts) and dispatched by type:
 * requests to {@link InboundRequests}, events (as contexts) to the broker's {@link Transit.Handler},
 * (what a poller reads takes {@link #receivePolled} instead: decoded on the poller, responses and
 * non-blocking handlers run there),
 * INFO, HEARTBEAT and DISCONNECT to the registry ({@link DiscoveryReceiver}), responses to the pending
 * requests, DISCOVER and PING to the transit's own answers.
 */
final class InboundDispatcher implements PacketReceiver {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	/** At most this many conflicting instances get this node's INFO in reply. */
	private static final int MAX_CONFLICT_REPLIES = 64;

	private final String nodeID;

	private final String instanceID;

	private final Topics topics;

	private final PacketSerializer serializer;

	private final Executor executor;

	private final Executor control;

	private final int maxQueue;

	private final int maxEventQueue;

	private final Transit.Handler handler;

	private final InboundRequests requests;

	private final ContextFactory contexts;

	private final DiscoveryReceiver discovery;

	private final ProtocolSelector protocol;

	private final PendingRequests pending;

	private final PacketPublisher publisher;

	private final NodeAnnouncer announcer;

	private final Pings pings;

	private final RateLimitedLog warnings;

	private final AtomicInteger queuedRequests = new AtomicInteger();

	private final AtomicInteger queuedEvents = new AtomicInteger();

	private final LongAdder rejectedEvents = new LongAdder();

	private final LongAdder droppedPackets = new LongAdder();

	private final LongAdder invalidPackets = new LongAdder();

	private final LongAdder packetsReceived = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final LongAdder nodeIdConflicts = new LongAdder();

	/** Instances seen claiming this node's ID and told about this one (bounded: spoofed INFO must not grow it). */
	private final Set<String> conflictingInstances = ConcurrentHashMap.newKeySet();

	InboundDispatcher(Transit.Config config, Transit.Handler handler, InboundRequests requests,
			ContextFactory contexts, DiscoveryReceiver discovery, ProtocolSelector protocol, PendingRequests pending, PacketPublisher publisher,
			NodeAnnouncer announcer, Pings pings, RateLimitedLog warnings) {
		this.nodeID = config.nodeID();
		this.instanceID = config.instanceID();
		this.topics = config.topics();
		this.serializer = config.serializer();
		this.executor = config.executor();
		this.control = new SerialExecutor(config.executor());
		this.maxQueue = config.maxQueue();
		this.maxEventQueue = config.maxEventQueue();
		this.handler = handler;
		this.requests = requests;
		this.contexts = contexts;
		this.discovery = discovery;
		this.protocol = protocol;
		this.pending = pending;
		this.publisher = publisher;
		this.announcer = announcer;
		this.pings = pings;
		this.warnings = warnings;
	}

	@Override
	public void receive(String subject, byte[] payload) {
		this.packetsReceived.increment();
		this.bytesReceived.add(payload.length);
		PacketType type = this.topics.typeOf(subject);
		if (type == null) {
			drop("subject", "Dropped a message on an unknown subject '{}'", subject);
			return;
		}
		try {
			switch (type) {
				case REQUEST -> {
					if (this.queuedRequests.incrementAndGet() > this.maxQueue) {
						this.queuedRequests.decrementAndGet();
						rejectOverload(payload);
						return;
					}
					this.executor.execute(() -> {
						this.queuedRequests.decrementAndGet();
						process(type, payload, false);
					});
				}
				case EVENT -> {
					if (this.queuedEvents.incrementAndGet() > this.maxEventQueue) {
						this.queuedEvents.decrementAndGet();
						rejectEventOverload(payload);
						return;
					}
					this.executor.execute(() -> {
						this.queuedEvents.decrementAndGet();
						process(type, payload, false);
					});
				}
				case RESPONSE -> this.executor.execute(() -> process(type, payload, false));
				case DISCOVER -> {
					boolean broadcast = subject.equals(this.topics.broadcast(PacketType.DISCOVER));
					this.control.execute(() -> process(type, payload, broadcast));
				}
				default -> this.control.execute(() -> process(type, payload, false));
			}
		}
		catch (RejectedExecutionException ex) {
			drop("rejected", "Dropped a {} packet: the executor does not accept work (stopping)", type);
		}
	}

	private void rejectOverload(byte[] payload) {
		Packet packet = decode(PacketType.REQUEST, payload);
		if (packet instanceof RequestPacket request && accept(packet)) {
			rejectOverload(request);
		}
	}

	/** A request beyond the admission limit: its caller gets a {@link QueueIsFullError}. */
	private void rejectOverload(RequestPacket request) {
		this.warnings.warn("overload", "Request queue is full ({} waiting); rejecting '{}' from '{}'",
				this.maxQueue, request.action(), request.sender());
		this.publisher.sendResponse(request.sender(), request.id(), request.meta(), null, null,
				new QueueIsFullError(request.action(), this.nodeID, this.maxQueue, this.maxQueue));
	}

	/**
	 * An event beyond the admission limit. The protocol gives an event no reply, so the error the
	 * emitter cannot hear of is counted ({@link #rejectedEvents()}, in the dropped packets) and
	 * logged, naming the event and its sender.
	 */
	private void rejectEventOverload(byte[] payload) {
		Packet packet = decode(PacketType.EVENT, payload);
		if (packet instanceof EventPacket event) {
			rejectEventOverload(event);
		}
		else {
			this.rejectedEvents.increment();
			this.droppedPackets.increment();
		}
	}

	private void rejectEventOverload(EventPacket event) {
		this.rejectedEvents.increment();
		drop("event-overload", "Dropped event '{}' from '{}': {}", event.event(), event.sender(),
				QueueIsFullError.forEvent(event.event(), this.nodeID, this.maxEventQueue, this.maxEventQueue)
					.getMessage());
	}

	private @Nullable Packet decode(PacketType type, byte[] payload) {
		try {
			return this.serializer.deserialize(type, payload);
		}
		catch (InvalidPacketDataError ex) {
			this.invalidPackets.increment();
			this.warnings.warn("invalid:" + type, "Dropped an invalid {} packet{}: {}", type,
					(ex.getData() instanceof Map<?, ?> data && data.get("nodeID") != null)
							? " from '" + data.get("nodeID") + "'" : "",
					ex.getReason());
			return null;
		}
	}

	private void process(PacketType type, byte[] payload, boolean broadcastDiscover) {
		Packet packet = decodeAccepted(type, payload, broadcastDiscover);
		if (packet != null) {
			dispatch(packet, null);
		}
	}

	/**
	 * Decodes a packet and applies the protocol checks; a packet from another node counts as its
	 * sign of life. Returns {@code null} for a packet to drop.
	 */
	private @Nullable Packet decodeAccepted(PacketType type, byte[] payload, boolean broadcastDiscover) {
		Packet packet = decode(type, payload);
		if (packet == null || !accept(packet)) {
			return null;
		}
		if (!packet.sender().equals(this.nodeID)) {
			if (broadcastDiscover) {
				this.handler.onPeerConnected(packet.sender());
			}
			this.handler.onActivity(packet.sender());
		}
		return packet;
	}

	/** Handles a decoded, accepted packet by its type; a response completes inline when a poller reads it. */
	private void dispatch(Packet packet, ReceivePollers.@Nullable Poller poller) {
		PacketType type = packet.type();
		try {
			switch (type) {
				case REQUEST -> this.requests.serve((RequestPacket) packet);
				case RESPONSE -> onResponse((ResponsePacket) packet, poller);
				case EVENT -> this.handler.onEvent(ContextPackets.context((EventPacket) packet, this.contexts));
				case INFO -> this.discovery.onInfo((InfoPacket) packet);
				case DISCOVER -> this.announcer.sendInfo(packet.sender());
				case HEARTBEAT -> this.discovery.onHeartbeat((HeartbeatPacket) packet);
				case DISCONNECT -> this.discovery.onDisconnect((DisconnectPacket) packet);
				case PING -> this.pings.answer((PingPacket) packet);
				case PONG -> this.pings.onPong((PongPacket) packet);
			}
		}
		catch (RuntimeException ex) {
			this.warnings.warn("failed:" + type, "Failed to handle a {} packet from '{}'", type, packet.sender(), ex);
		}
	}

	/**
	 * The receive path of a packet read by one of the node's pollers ({@link ReceivePollers}), on the
	 * poller's thread. It is decoded there. A response completes there (its callbacks run there unless
	 * they were caught blocking a poller). A request for a non-blocking action is served there, and an
	 * event whose local handlers are all non-blocking is delivered there, unless the action or event was
	 * caught blocking a poller; every other request and event goes to the workers behind the same
	 * admission limits as {@link #receive}. Anything else goes the way of {@link #receive}.
	 */
	void receivePolled(String subject, byte[] payload, ReceivePollers.Poller poller) {
		PacketType type = this.topics.typeOf(subject);
		if (type != PacketType.REQUEST && type != PacketType.RESPONSE && type != PacketType.EVENT) {
			receive(subject, payload);
			return;
		}
		this.packetsReceived.increment();
		this.bytesReceived.add(payload.length);
		Packet packet = decodeAccepted(type, payload, false);
		if (packet == null) {
			return;
		}
		try {
			switch (type) {
				case REQUEST -> {
					RequestPacket request = (RequestPacket) packet;
					String action = request.action();
					if (this.handler.servesInline(action) && !poller.isDemoted(PollerDemotions.Kind.ACTION, action)) {
						poller.running(PollerDemotions.Kind.ACTION, action);
						dispatch(packet, poller);
					}
					else if (this.queuedRequests.incrementAndGet() > this.maxQueue) {
						this.queuedRequests.decrementAndGet();
						rejectOverload(request);
					}
					else {
						this.executor.execute(() -> {
							this.queuedRequests.decrementAndGet();
							dispatch(packet, null);
						});
					}
				}
				case EVENT -> {
					EventPacket event = (EventPacket) packet;
					String name = event.event();
					if (this.handler.deliversInline(name) && !poller.isDemoted(PollerDemotions.Kind.EVENT, name)) {
						poller.running(PollerDemotions.Kind.EVENT, name);
						dispatch(packet, poller);
					}
					else if (this.queuedEvents.incrementAndGet() > this.maxEventQueue) {
						this.queuedEvents.decrementAndGet();
						rejectEventOverload(event);
					}
					else {
						this.executor.execute(() -> {
							this.queuedEvents.decrementAndGet();
							dispatch(packet, null);
						});
					}
				}
				default -> dispatch(packet, poller);
			}
		}
		catch (RejectedExecutionException ex) {
			if (type == PacketType.REQUEST) {
				this.queuedRequests.decrementAndGet();
			}
			else {
				this.queuedEvents.decrementAndGet();
			}
			drop("rejected", "Dropped a {} packet: the executor does not accept work (stopping)", type);
		}
	}

	/** Version check and own-echo filtering; returns whether the packet is to be handled. */
	private boolean accept(Packet packet) {
		ProtocolVersion version = ProtocolVersion.of(packet.ver());
		boolean undecidedPeer = packet instanceof InfoPacket info && info.config() != null
				&& ProtocolSelector.MARKER_VALUE.equals(info.config().get(ProtocolSelector.MARKER_KEY));
		ProtocolSelector.Decision decision = this.protocol.onPacket(packet.type(), version, packet.ver(),
				packet.sender(), this.nodeID, undecidedPeer);
		if (decision == ProtocolSelector.Decision.SWITCHED) {
			logger.info("Protocol 'auto': node '{}' speaks version {}; locked on to it and announcing this node again",
					packet.sender(), packet.ver());
			// INFO before DISCOVER: a peer that receives this node's DISCOVER fails the requests it sent to this
			// node since it last heard from it (Handler.onPeerConnected); the INFO counts as hearing from it.
			this.announcer.broadcastInfo();
			this.announcer.discover(null);
		}
		else if (decision == ProtocolSelector.Decision.ANSWER) {
			// A newcomer of the other version: an undecided auto newcomer locks on to this INFO, any other drops it.
			this.droppedPackets.increment();
			this.announcer.sendInfo(packet.sender());
			return false;
		}
		else if (decision == ProtocolSelector.Decision.PROBE) {
			this.droppedPackets.increment();
			this.announcer.probeVersion(packet.sender(), packet.ver());
			return false;
		}
		else if (decision == ProtocolSelector.Decision.REJECT) {
			drop("version:" + packet.ver(), "Dropped a {} packet from '{}' with protocol version '{}' (this node speaks '{}')",
					packet.type(), packet.sender(), packet.ver(), this.publisher.ver());
			return false;
		}
		if (packet.sender().equals(this.nodeID)) {
			if (packet instanceof InfoPacket info && info.instanceID() != null
					&& !this.instanceID.equals(info.instanceID())) {
				this.nodeIdConflicts.increment();
				this.warnings.warn("conflict", "NodeID conflict: another process announces itself as '{}' "
						+ "(instance {}). Use unique node IDs; this node keeps running.", this.nodeID, info.instanceID());
				// The newcomer hears nothing from this node otherwise (its DISCOVER looks like an own echo, HEARTBEAT
				// carries no instance): answer once per instance on INFO.<nodeID>, so it reports the conflict too.
				if (this.conflictingInstances.size() < MAX_CONFLICT_REPLIES
						&& this.conflictingInstances.add(info.instanceID())) {
					this.announcer.sendInfo(this.nodeID);
				}
			}
			PacketType type = packet.type();
			return type == PacketType.REQUEST || type == PacketType.RESPONSE || type == PacketType.EVENT;
		}
		return true;
	}

	private void drop(String key, String message, Object... args) {
		this.droppedPackets.increment();
		this.warnings.warn(key, message, args);
	}

	private void onResponse(ResponsePacket packet, ReceivePollers.@Nullable Poller poller) {
		boolean pending;
		if (packet.success()) {
			Object data = packet.data();
			pending = this.pending.resolve(packet.id(), packet.meta(),
					(data == null || Packets.isAbsent(data) || (data instanceof JsonNode node && node.isNull())) ? null
							: data, poller);
		}
		else {
			Map<String, Object> error = (packet.error() != null) ? packet.error() : Map.of();
			pending = this.pending.reject(packet.id(), packet.meta(),
					() -> MoleculerErrors.fromPayload(error, packet.sender()), poller);
		}
		if (!pending) {
			logger.debug("Orphan response '{}' from '{}' (timed out or already answered)", packet.id(), packet.sender());
		}
	}

	/** Packets dropped (unknown subject, foreign version, executor stopped). */
	long droppedPackets() {
		return this.droppedPackets.sum();
	}

	/** Packets that could not be decoded. */
	long invalidPackets() {
		return this.invalidPackets.sum();
	}

	long packetsReceived() {
		return this.packetsReceived.sum();
	}

	long bytesReceived() {
		return this.bytesReceived.sum();
	}

	/** Incoming requests waiting for a worker. */
	int queuedRequests() {
		return this.queuedRequests.get();
	}

	/** Events from other nodes waiting for a worker. */
	int queuedEvents() {
		return this.queuedEvents.get();
	}

	/** Events from other nodes dropped because their queue was full. */
	long rejectedEvents() {
		return this.rejectedEvents.sum();
	}

	/** INFO packets received that claimed this node's ID with another instance. */
	long nodeIdConflicts() {
		return this.nodeIdConflicts.sum();
	}

}
