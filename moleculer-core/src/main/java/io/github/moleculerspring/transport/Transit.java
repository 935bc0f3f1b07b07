package io.github.moleculerspring.transport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.context.Ids;
import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.protocol.EventPacket;
import io.github.moleculerspring.protocol.PacketSerializer;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.PongPacket;
import io.github.moleculerspring.protocol.ProtocolVersion;
import io.github.moleculerspring.protocol.RequestPacket;
import io.github.moleculerspring.protocol.Topics;
import io.github.moleculerspring.registry.Registry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire between the broker and a {@link Transporter}: it subscribes to the protocol's subjects,
 * encodes and decodes packets, drops what it must (foreign versions, own echoes, malformed payloads,
 * with a rate-limited warning and a counter), maps contexts to REQUEST and EVENT packets and back,
 * serves incoming requests (the broker gives the result, the transit sends the RESPONSE),
 * correlates responses with pending requests, applies other nodes' INFO, HEARTBEAT and DISCONNECT
 * to the registry, and answers DISCOVER and PING itself. The broker never builds or reads a packet.
 *
 * <p>
 * It is the façade of the transport side; the jobs are done by its parts: {@link TransitConnection}
 * (the connection state), {@link InboundDispatcher} (the receive path, behind {@link PacketReceiver}),
 * {@link InboundRequests} (serving requests), {@link ContextPackets} (contexts to packets and back),
 * {@link DiscoveryReceiver} (other nodes' discovery packets), {@link PacketPublisher} (the outgoing
 * side), {@link PendingRequests} (the pending table), {@link NodeAnnouncer} (INFO, DISCOVER, HEARTBEAT), {@link Pings} (PING, PONG, presence probes)
 * and {@link TransitSubscriptions} (the subjects it listens on).
 *
 * <p>
 * Every pending request ends: with its response, at its deadline (its {@code PendingRequests} table
 * owns the timer, so no entry outlives its timeout), or at once when its target node leaves. Packets
 * are decoded and handled off the transport's thread: requests, responses and events on this
 * node's own pollers ({@link ReceivePollers}: responses and non-blocking handlers inline) or on the
 * worker executor (admission-controlled by the incoming queue sizes), discovery packets serially so
 * registry changes apply in arrival order.
 */
public final class Transit implements TransporterListener {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	/** What the broker does with incoming packets. Implementations never throw. */
	public interface Handler {

		/**
		 * Serves a request from another node. The transit sends the response when the result
		 * completes, with the context's meta and response headers.
		 * @param action the action
		 * @param ctx the request's context
		 * @return the result; a refusal (stopping, unknown or private action) is a failed future
		 */
		CompletableFuture<Object> onRequest(String action, BrokerContext ctx);

		/**
		 * Why a request for an action would be refused now (the broker is stopping, the action is
		 * unknown or private), asked only for stream packets, which are refused anyway.
		 * @param action the action
		 * @return the error, or {@code null} when the action could be served
		 */
		@Nullable MoleculerError refusal(String action);

		/**
		 * Delivers an event from another node to the local handlers.
		 * @param ctx the event's context (its groups and type say which handlers)
		 */
		void onEvent(BrokerContext ctx);

		/**
		 * A PONG arrived.
		 * @param nodeID the node that answered
		 * @param id the ping ID
		 * @param elapsedMillis the round trip
		 * @param timeDiffMillis the estimated clock offset of the node
		 */
		void onPong(String nodeID, String id, long elapsedMillis, long timeDiffMillis);

		/** What this node's INFO says now; the transit adds the local services when announced. */
		LocalInfo localInfo();

		void onConnected(boolean reconnected);

		void onDisconnected();

		/** A packet arrived from another node: a sign of life. */
		void onActivity(String nodeID);

		/** A presence probe found no subscription of a node: its process is gone. */
		void onNodeGone(String nodeID);

		/**
		 * Another node broadcast DISCOVER: it has just connected or reconnected to the transporter.
		 * Called before the packet counts as a sign of life ({@link #onActivity}). Requests sent to it
		 * while it was away were dropped by the transporter and will never be answered.
		 * @param nodeID the node
		 */
		default void onPeerConnected(String nodeID) {
		}

		/**
		 * Whether a request for an action may be served on the poller that read it: the action is
		 * local and declared non-blocking. Asked for every request a poller reads; answers fast.
		 * @param action the action
		 * @return {@code true} to serve it inline
		 */
		default boolean servesInline(String action) {
			return false;
		}

		/**
		 * Whether an event may be delivered on the poller that read it: every local handler it can
		 * reach is declared non-blocking. Asked for every event a poller reads; answers fast.
		 * @param event the event name
		 * @return {@code true} to deliver it inline
		 */
		default boolean deliversInline(String event) {
			return false;
		}

	}

	private final String nodeID;

	private final Topics topics;

	private final Transporter transporter;

	private final ProtocolSelector protocol;

	private final PendingRequests pending;

	private final PacketPublisher publisher;

	private final TransitSubscriptions subscriptions;

	private final NodeAnnouncer announcer;

	private final Pings pings;

	private final InboundRequests requests;

	private final InboundDispatcher inbound;

	private final TransitConnection connection;

	private final PollerDemotions demotions = new PollerDemotions();

	private final @Nullable ReceivePollers pollers;

	/**
	 * Creates a transit.
	 * @param config the settings
	 * @param handler what handles incoming packets
	 * @param contexts what creates the contexts of incoming requests and events
	 * @param registry what the other nodes' INFO, HEARTBEAT and DISCONNECT update
	 */
	public Transit(Config config, Handler handler, ContextFactory contexts, Registry registry) {
		this.nodeID = config.nodeID();
		this.topics = config.topics();
		this.transporter = config.transporter();
		RateLimitedLog warnings = new RateLimitedLog(logger, 10_000);
		this.protocol = new ProtocolSelector(config.protocolVersion());
		this.pending = new PendingRequests(config.nodeID(), config.maxPending(), config.executor(), config.scheduler());
		this.publisher = new PacketPublisher(config, this.protocol, warnings);
		this.subscriptions = new TransitSubscriptions(config.nodeID(), config.topics(), config.transporter());
		this.announcer = new NodeAnnouncer(config, handler, registry, this.protocol, this.subscriptions,
				this.publisher);
		this.pings = new Pings(config, handler, this.publisher, warnings);
		this.requests = new InboundRequests(config.nodeID(), handler, contexts, this.publisher);
		this.inbound = new InboundDispatcher(config, handler, this.requests, contexts,
				new DiscoveryReceiver(registry, this.pending, this.announcer), this.protocol, this.pending, this.publisher,
				this.announcer, this.pings, warnings);
		this.pollers = config.pollers().enabled()
				? new ReceivePollers(config.nodeID(), config.pollers(), this.demotions, this.inbound::receivePolled)
				: null;
		this.subscriptions.usePollers(this.pollers);
		this.connection = new TransitConnection(config, handler, this.pending, this.publisher, this.subscriptions,
				this.announcer, this.pings);
	}

	/**
	 * The settings of a transit.
	 * @param nodeID this node
	 * @param instanceID this process's instance ID
	 * @param topics the subjects
	 * @param transporter the transporter
	 * @param serializer the serializer
	 * @param executor the worker executor
	 * @param scheduler the timer
	 * @param protocolVersion the version, or {@code null} for auto
	 * @param maxPending the outgoing pending-request limit
	 * @param maxQueue the incoming queued-request limit
	 * @param maxEventQueue the incoming queued-event limit (beyond it an event is dropped and counted)
	 * @param errorStackTraces whether error responses carry stack traces
	 * @param errorExceptionNames whether error responses name the Java class of unexpected
	 * exceptions
	 * @param disableBalancer whether NATS queue groups balance requests and events ({@code REQB},
	 * {@code EVENTB} subjects)
	 * @param pollers how this node's own request, response and event subjects are read
	 */
	public record Config(String nodeID, String instanceID, Topics topics, Transporter transporter,
			PacketSerializer serializer, Executor executor, ScheduledExecutorService scheduler,
			@Nullable ProtocolVersion protocolVersion, int maxPending, int maxQueue, int maxEventQueue, boolean errorStackTraces,
			boolean errorExceptionNames, boolean disableBalancer, PollerSettings pollers) {
	}

	// ------------------------------------------------------------------ lifecycle

	/**
	 * Connects the transporter, subscribes to this node's subjects and broadcasts DISCOVER.
	 * @return completes when connected and subscribed
	 */
	public CompletableFuture<Void> connect() {
		return this.transporter.connect(this);
	}

	/**
	 * Broadcasts DISCONNECT, flushes and closes; then fails every pending request.
	 * @return completes when closed
	 */
	public CompletableFuture<Void> disconnect() {
		return this.connection.disconnect().whenComplete((ignored, error) -> {
			if (this.pollers != null) {
				this.pollers.stop();
			}
		});
	}

	/** When the transporter last (re)connected, before any request could be sent on that connection. */
	public long connectedAtMillis() {
		return this.connection.connectedAtMillis();
	}

	/** Whether the transporter is connected and this node's subjects are subscribed. */
	public boolean isConnected() {
		return this.connection.isConnected();
	}

	public Transporter transporter() {
		return this.transporter;
	}

	public Topics topics() {
		return this.topics;
	}

	/** The protocol version this node currently speaks. */
	public ProtocolVersion protocolVersion() {
		return this.protocol.current();
	}

	/** The {@code ver} string this node currently sends. */
	public String ver() {
		return this.protocol.current().value();
	}

	/**
	 * The entry of the receive path: what reads packets off the wire hands them here. The
	 * transporter's deliveries ({@link #onMessage}) go the same way.
	 * @return the receiver
	 */
	public PacketReceiver receiver() {
		return this.inbound;
	}

	@Override
	public void onMessage(String subject, byte[] payload) {
		this.inbound.receive(subject, payload);
	}

	/**
	 * Subscribes this node's subjects (unless they survived a reconnection), announces the node
	 * (DISCOVER, and INFO after a reconnection) and starts the watch of overdue requests.
	 */
	@Override
	public void onConnected(boolean reconnected) {
		this.connection.onConnected(reconnected);
	}

	/**
	 * The connection is lost: responses to the pending requests cannot arrive any more (NATS does not
	 * keep messages for a disconnected client), so they fail now with a retryable
	 * {@link BrokerDisconnectedError} instead of hanging.
	 */
	@Override
	public void onDisconnected() {
		this.connection.onDisconnected();
	}

	/**
	 * Asks a node for a sign of life: a PING that is also a presence probe. A live node answers with a
	 * PONG; a node with no subscription left is reported gone at once.
	 * @param target the node
	 */
	public void probeNode(String target) {
		this.connection.probe(target);
	}

	/** INFO packets received that claimed this node's ID with another instance. */
	public long nodeIdConflicts() {
		return this.inbound.nodeIdConflicts();
	}

	// ------------------------------------------------------------------ outgoing

	/**
	 * Sends the REQUEST of a call and tracks it until it ends; the response meta is merged into the
	 * context's meta.
	 * @param ctx the call's context, its endpoint chosen
	 * @param action the action
	 * @param target the node it goes to (its {@code REQ.<node>} subject), or {@code null} to publish
	 * it to the balanced subject
	 * @return the result: a {@code JsonNode} ({@code null} for JSON null or absent data)
	 */
	public CompletableFuture<Object> request(BrokerContext ctx, String action, @Nullable String target) {
		RequestPacket packet = ContextPackets.request(ctx, action, this.protocol.current(), this.nodeID);
		return request(packet, target, ctx.timeout(), ctx.meta());
	}

	CompletableFuture<Object> request(RequestPacket packet, @Nullable String target, double timeoutMillis,
			Map<String, Object> meta) {
		CompletableFuture<Object> future = new CompletableFuture<>();
		if (!isConnected()) {
			future.completeExceptionally(new BrokerDisconnectedError());
			return future;
		}
		if (!this.pending.add(packet.id(), packet.action(), target, timeoutMillis, meta, future)) {
			return future;
		}
		try {
			String subject = (target != null) ? this.topics.targeted(PacketType.REQUEST, target)
					: this.topics.balancedRequest(packet.action());
			this.publisher.publish(subject, packet);
		}
		catch (RuntimeException ex) {
			this.pending.abort(packet.id(), future, ex);
		}
		return future;
	}

	/**
	 * Sends an event to one node.
	 * @param target the node
	 * @param ctx the event's context
	 * @param groups the groups it is for, {@code null} for all
	 * @param broadcast whether it is a broadcast
	 */
	public void sendEvent(String target, BrokerContext ctx, @Nullable List<String> groups, boolean broadcast) {
		this.publisher.publish(this.topics.targeted(PacketType.EVENT, target),
				ContextPackets.event(ctx, groups, broadcast, this.protocol.current(), this.nodeID));
	}

	/**
	 * Publishes an event to the balanced subject of a group (disable-balancer mode).
	 * @param group the group
	 * @param ctx the event's context
	 */
	public void sendBalancedEvent(String group, BrokerContext ctx) {
		EventPacket packet = ContextPackets.event(ctx, List.of(group), false, this.protocol.current(), this.nodeID);
		this.publisher.publish(this.topics.balancedEvent(group, packet.event()), packet);
	}

	/**
	 * Broadcasts this node's INFO. With the balancer disabled, the balanced subscriptions are
	 * brought in line with the announced services first, so peers never learn about an action this
	 * node does not yet receive.
	 */
	public void broadcastInfo() {
		this.announcer.broadcastInfo();
	}

	/** The balanced subjects this node is subscribed to (disable-balancer mode). */
	public List<String> balancedSubjects() {
		return this.subscriptions.balancedSubjects();
	}

	/**
	 * Sends this node's INFO to one node.
	 * @param target the node
	 */
	public void sendInfo(String target) {
		this.announcer.sendInfo(target);
	}

	/**
	 * Asks for INFO.
	 * @param target one node, or {@code null} for every node
	 */
	public void discover(@Nullable String target) {
		this.announcer.discover(target);
	}

	/**
	 * Broadcasts a HEARTBEAT.
	 * @param cpu the CPU usage in percent
	 */
	public void sendHeartbeat(int cpu) {
		this.announcer.sendHeartbeat(cpu);
	}

	/**
	 * Pings a node.
	 * @param target the node
	 * @param id the ping ID
	 * @param timeoutMillis how long to wait for the PONG
	 * @return the PONG
	 */
	CompletableFuture<PongPacket> ping(String target, String id, long timeoutMillis) {
		return this.pings.ping(target, id, timeoutMillis);
	}

	/**
	 * Pings a node with a new ping ID.
	 * @param target the node
	 * @param timeoutMillis how long to wait for the PONG
	 * @return the time the node answered, by its clock ({@link System#currentTimeMillis()})
	 */
	public CompletableFuture<Long> ping(String target, long timeoutMillis) {
		return ping(target, Ids.next(), timeoutMillis).thenApply(PongPacket::arrived);
	}

	// ------------------------------------------------------------------ pending requests

	/** The number of requests awaiting a response. */
	public int pendingCount() {
		return this.pending.size();
	}

	/**
	 * Fails the pending requests sent to a node.
	 * @param target the node
	 * @param error the error for each request
	 * @return how many were failed
	 */
	public int rejectPending(String target, Function<PendingRequestInfo, Throwable> error) {
		return this.pending.rejectByNode(target, error);
	}

	/**
	 * Fails the pending requests sent to a node at or after a time: those it cannot have received if
	 * it was away from the transporter since then.
	 * @param target the node
	 * @param sinceEpochMillis the time ({@link System#currentTimeMillis()})
	 * @param error the error for each request
	 * @return how many were failed
	 */
	public int rejectPendingSince(String target, long sinceEpochMillis, Function<PendingRequestInfo, Throwable> error) {
		return this.pending.rejectByNodeSince(target, sinceEpochMillis, error);
	}

	// ------------------------------------------------------------------ statistics

	/** Packets dropped (unknown subject, foreign version, executor stopped). */
	public long droppedPackets() {
		return this.inbound.droppedPackets();
	}

	/** Packets that could not be decoded. */
	public long invalidPackets() {
		return this.inbound.invalidPackets();
	}

	public long packetsSent() {
		return this.publisher.packetsSent();
	}

	public long packetsReceived() {
		return this.inbound.packetsReceived();
	}

	public long bytesSent() {
		return this.publisher.bytesSent();
	}

	public long bytesReceived() {
		return this.inbound.bytesReceived();
	}

	/** Incoming requests being handled now: from before the handler runs until the response is sent. */
	public int inflightRequests() {
		return this.requests.inflight();
	}

	/** This node's poller threads alive now (spares included); 0 when pollers are off or the transporter cannot pull. */
	public int pollerThreads() {
		return (this.pollers != null) ? this.pollers.threads() : 0;
	}

	/** How many times a poller was found blocked by what it ran inline. */
	public long blockedPollers() {
		return (this.pollers != null) ? this.pollers.blockedCount() : 0;
	}

	/**
	 * What the pollers no longer run inline because it blocked one, as {@code action 'math.add'},
	 * {@code event 'user.created'} or {@code response callbacks of calls to 'math.add'}.
	 */
	public List<String> demotedFromPollers() {
		return this.demotions.describe();
	}

	/** Incoming requests waiting for a worker. */
	public int queuedRequests() {
		return this.inbound.queuedRequests();
	}

	/** Events from other nodes waiting for a worker. */
	public int queuedEvents() {
		return this.inbound.queuedEvents();
	}

	/** Events from other nodes dropped because their queue was full (also counted in {@link #droppedPackets()}). */
	public long rejectedEvents() {
		return this.inbound.rejectedEvents();
	}

	/**
	 * What this node's INFO says besides its services.
	 * @param seq the sequence of the local services' state
	 * @param withServices whether the local services are announced (after start, until withdrawn)
	 * @param ipList the IP addresses
	 * @param hostname the host name
	 * @param client the client description
	 * @param metadata the node's metadata
	 */
	public record LocalInfo(long seq, boolean withServices, @Nullable List<String> ipList, @Nullable String hostname,
			@Nullable Map<String, Object> client, @Nullable Map<String, Object> metadata) {
	}

	/**
	 * What is known about a pending request when it must be failed.
	 * @param id the request ID
	 * @param action the action
	 * @param nodeID the target node, {@code null} for a balanced request
	 */
	public record PendingRequestInfo(String id, String action, @Nullable String nodeID) {
	}

}
