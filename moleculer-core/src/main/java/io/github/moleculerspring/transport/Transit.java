package io.github.moleculerspring.transport;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.InvalidPacketDataError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.DisconnectPacket;
import io.github.moleculerspring.protocol.DiscoverPacket;
import io.github.moleculerspring.protocol.EventInfo;
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
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.protocol.Topics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The packet layer between the broker and a {@link Transporter}: it subscribes to the protocol's
 * subjects, encodes and decodes packets, drops what it must (foreign versions, own echoes, malformed
 * payloads, with a rate-limited warning and a counter), correlates responses with pending requests,
 * and answers DISCOVER and PING itself.
 *
 * <p>
 * Every pending request ends: with its response, at its deadline (its {@code PendingRequests} table
 * owns the timer, so no entry outlives its timeout), or at once when its target node leaves. Packets
 * are decoded and handled off the transport's thread: requests, responses and events on the worker
 * executor (requests admission-controlled by the incoming queue size), discovery packets serially so
 * registry changes apply in arrival order.
 */
public final class Transit implements TransporterListener {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	/** What the broker does with incoming packets. Implementations never throw. */
	public interface Handler {

		void onRequest(RequestPacket packet);

		void onEvent(EventPacket packet);

		void onInfo(InfoPacket packet);

		void onHeartbeat(HeartbeatPacket packet);

		void onDisconnect(DisconnectPacket packet);

		void onPong(PongPacket packet, long elapsedMillis, long timeDiffMillis);

		/** The INFO describing this node now. */
		InfoPacket localInfo(String ver);

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

	}

	/** At most this many nodes are remembered as asked for their INFO in the other protocol version. */
	private static final int MAX_VERSION_PROBES = 1024;

	/** At most this many conflicting instances get this node's INFO in reply. */
	private static final int MAX_CONFLICT_REPLIES = 64;

	private final String nodeID;

	private final String instanceID;

	private final Topics topics;

	private final Transporter transporter;

	private final PacketSerializer serializer;

	private final Executor executor;

	private final Executor control;

	private final ScheduledExecutorService scheduler;

	private final Handler handler;

	private final int maxQueue;

	private final boolean errorStackTraces;

	private final boolean errorExceptionNames;

	private final ProtocolSelector protocol;

	private final PendingRequests pending;

	private final Map<String, CompletableFuture<PongPacket>> pendingPings = new ConcurrentHashMap<>();

	private final AtomicInteger queuedRequests = new AtomicInteger();

	private final LongAdder droppedPackets = new LongAdder();

	private final LongAdder invalidPackets = new LongAdder();

	private final LongAdder packetsSent = new LongAdder();

	private final LongAdder packetsReceived = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder bytesReceived = new LongAdder();

	private final RateLimitedLog warnings = new RateLimitedLog(logger, 10_000);

	private final Map<String, Long> versionProbes = new ConcurrentHashMap<>();

	private final LongAdder nodeIdConflicts = new LongAdder();

	/** Instances seen claiming this node's ID and told about this one (bounded: spoofed INFO must not grow it). */
	private final java.util.Set<String> conflictingInstances = ConcurrentHashMap.newKeySet();

	private final List<Transporter.Subscription> subscriptions = new ArrayList<>();

	private final Map<String, Transporter.Subscription> balancedSubscriptions = new LinkedHashMap<>();

	private final boolean disableBalancer;

	private volatile boolean connected;

	private volatile long connectedAtMillis;

	/**
	 * Creates a transit.
	 * @param config the settings
	 * @param handler what handles incoming packets
	 */
	public Transit(Config config, Handler handler) {
		this.nodeID = config.nodeID();
		this.instanceID = config.instanceID();
		this.topics = config.topics();
		this.transporter = config.transporter();
		this.serializer = config.serializer();
		this.executor = config.executor();
		this.control = new SerialExecutor(config.executor());
		this.scheduler = config.scheduler();
		this.handler = handler;
		this.pending = new PendingRequests(config.nodeID(), config.maxPending(), config.executor(), config.scheduler());
		this.maxQueue = config.maxQueue();
		this.errorStackTraces = config.errorStackTraces();
		this.errorExceptionNames = config.errorExceptionNames();
		this.protocol = new ProtocolSelector(config.protocolVersion());
		this.disableBalancer = config.disableBalancer();
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
	 * @param errorStackTraces whether error responses carry stack traces
	 * @param errorExceptionNames whether error responses name the Java class of unexpected
	 * exceptions
	 * @param disableBalancer whether NATS queue groups balance requests and events ({@code REQB},
	 * {@code EVENTB} subjects)
	 */
	public record Config(String nodeID, String instanceID, Topics topics, Transporter transporter,
			PacketSerializer serializer, Executor executor, ScheduledExecutorService scheduler,
			@Nullable ProtocolVersion protocolVersion, int maxPending, int maxQueue, boolean errorStackTraces,
			boolean errorExceptionNames, boolean disableBalancer) {
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
		if (this.transporter.isConnected()) {
			publish(this.topics.broadcast(PacketType.DISCONNECT), new DisconnectPacket(ver(), this.nodeID));
		}
		this.connected = false;
		this.pending.stopWatch();
		return this.transporter.flush()
			.exceptionally((ex) -> null)
			.thenCompose((v) -> this.transporter.disconnect())
			.whenComplete((v, ex) -> rejectAllPending());
	}

	/** When the transporter last (re)connected, before any request could be sent on that connection. */
	public long connectedAtMillis() {
		return this.connectedAtMillis;
	}

	/** Whether the transporter is connected and this node's subjects are subscribed. */
	public boolean isConnected() {
		return this.connected && this.transporter.isConnected();
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

	@Override
	public void onConnected(boolean reconnected) {
		this.connectedAtMillis = System.currentTimeMillis();
		try {
			if (!reconnected || this.subscriptions.isEmpty()) {
				subscribe();
			}
			this.connected = true;
			// DISCOVER first: to a peer it means "this node was away", which it can only tell while nothing
			// newer (the INFO) has arrived from this node (see Handler.onPeerConnected).
			discover(null);
			if (reconnected) {
				logger.info("Transporter reconnected; announcing this node again");
				broadcastInfo();
			}
			this.pending.startWatch(this::probeNode);
			this.handler.onConnected(reconnected);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not finish connecting the transit", ex);
		}
	}

	/**
	 * The connection is lost: responses to the pending requests cannot arrive any more (NATS does not
	 * keep messages for a disconnected client), so they fail now with a retryable
	 * {@link BrokerDisconnectedError} instead of hanging.
	 */
	@Override
	public void onDisconnected() {
		this.connected = false;
		int pending = this.pending.size();
		rejectAllPending();
		if (pending > 0) {
			logger.warn("Transporter disconnected: {} pending request(s) failed with BrokerDisconnectedError", pending);
		}
		this.handler.onDisconnected();
	}

	/**
	 * Asks a node for a sign of life: a PING that is also a presence probe. A live node answers with a
	 * PONG; a node with no subscription left is reported gone at once.
	 * @param target the node
	 */
	public void probeNode(String target) {
		if (!isConnected()) {
			return;
		}
		try {
			byte[] ping = this.serializer.serialize(new PingPacket(System.currentTimeMillis(), "probe-" + target, ver(),
					this.nodeID));
			this.transporter.probe(this.topics.targeted(PacketType.PING, target), ping, java.time.Duration.ofSeconds(2))
				.whenComplete((present, error) -> {
					if (error == null && Boolean.FALSE.equals(present)) {
						this.handler.onNodeGone(target);
					}
				});
		}
		catch (RuntimeException ex) {
			this.warnings.warn("probe", "Could not probe node '{}': {}", target, ex.toString());
		}
	}

	/** INFO packets received that claimed this node's ID with another instance. */
	public long nodeIdConflicts() {
		return this.nodeIdConflicts.sum();
	}

	private synchronized void subscribe() {
		for (Transporter.Subscription subscription : this.subscriptions) {
			subscription.unsubscribe();
		}
		this.subscriptions.clear();
		String self = this.nodeID;
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.EVENT, self), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.REQUEST, self), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.RESPONSE, self), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.broadcast(PacketType.DISCOVER), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.DISCOVER, self), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.broadcast(PacketType.INFO), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.INFO, self), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.broadcast(PacketType.DISCONNECT), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.broadcast(PacketType.HEARTBEAT), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.broadcast(PacketType.PING), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.PING, self), null));
		this.subscriptions.add(this.transporter.subscribe(this.topics.targeted(PacketType.PONG, self), null));
	}

	// ------------------------------------------------------------------ outgoing

	/**
	 * Sends a request and tracks it until it ends.
	 * @param packet the request
	 * @param target the node it goes to (its {@code REQ.<node>} subject), or {@code null} to publish
	 * it to the balanced subject
	 * @param timeoutMillis the deadline, {@code 0} for none
	 * @param meta the caller's meta, into which the response meta is merged
	 * @return the result: a {@code JsonNode} ({@code null} for JSON null or absent data)
	 */
	public CompletableFuture<Object> request(RequestPacket packet, @Nullable String target, double timeoutMillis,
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
			publish(subject, packet);
		}
		catch (RuntimeException ex) {
			this.pending.abort(packet.id(), future, ex);
		}
		return future;
	}

	/**
	 * Sends the response to a request.
	 * @param target the requesting node
	 * @param id the request ID
	 * @param meta the final meta
	 * @param headers the response headers (protocol 5), or {@code null}
	 * @param data the result
	 * @param error the failure, or {@code null}
	 */
	public void sendResponse(String target, String id, Map<String, Object> meta, @Nullable Map<String, Object> headers,
			@Nullable Object data, @Nullable Throwable error) {
		String subject = this.topics.targeted(PacketType.RESPONSE, target);
		String ver = ver();
		ResponsePacket packet = (error == null)
				? new ResponsePacket(id, meta, headers, true, data, null, null, null, ver, this.nodeID)
				: new ResponsePacket(id, meta, headers, false, null,
						MoleculerErrors.toPayload(error, this.nodeID, this.errorStackTraces, this.errorExceptionNames),
						null, null, ver,
						this.nodeID);
		try {
			publish(subject, packet);
		}
		catch (RuntimeException ex) {
			if (!this.transporter.isConnected()) {
				this.warnings.warn("response-disconnected",
						"Could not send the response of request '{}' to '{}': the transporter is disconnected", id, target);
				return;
			}
			if (error != null) {
				this.warnings.warn("response-error", "Could not send the error response of request '{}' to '{}': {}",
						id, target, ex.toString());
				return;
			}
			// The result could not be sent (not serializable, too large): tell the caller why.
			MoleculerError failure = MoleculerErrors.toMoleculerError(ex);
			logger.warn("Could not send the response of request '{}' to '{}': {}", id, target, failure.getMessage());
			sendResponse(target, id, meta, headers, null, failure);
		}
	}

	/**
	 * Sends an event to one node.
	 * @param target the node
	 * @param packet the event
	 */
	public void sendEvent(String target, EventPacket packet) {
		publish(this.topics.targeted(PacketType.EVENT, target), packet);
	}

	/**
	 * Publishes an event to the balanced subject of a group (disable-balancer mode).
	 * @param group the group
	 * @param packet the event
	 */
	public void sendBalancedEvent(String group, EventPacket packet) {
		publish(this.topics.balancedEvent(group, packet.event()), packet);
	}

	/**
	 * Broadcasts this node's INFO. With the balancer disabled, the balanced subscriptions are
	 * brought in line with the announced services first, so peers never learn about an action this
	 * node does not yet receive.
	 */
	public void broadcastInfo() {
		InfoPacket info = marked(this.handler.localInfo(ver()));
		if (this.disableBalancer && this.transporter.isConnected()) {
			updateBalancedSubscriptions(info);
		}
		publishQuietly(this.topics.broadcast(PacketType.INFO), info);
	}

	/**
	 * Subscribes {@code REQB.<action>} (queue: the action) for every remotely callable action and
	 * {@code EVENTB.<group>.<event>} (queue: the group) for every event subscription in the INFO,
	 * and drops the subscriptions no longer announced. New subscriptions are made before old ones
	 * are dropped, so a queue group never loses this node in between.
	 */
	private synchronized void updateBalancedSubscriptions(InfoPacket info) {
		Map<String, String[]> wanted = new LinkedHashMap<>();
		for (ServiceInfo service : info.services()) {
			for (ActionInfo action : service.actions().values()) {
				String visibility = action.visibility();
				if (!"protected".equals(visibility) && !"private".equals(visibility)) {
					String subject = this.topics.balancedRequest(action.name());
					wanted.put(subject + " " + action.name(), new String[] { subject, action.name() });
				}
			}
			for (EventInfo event : service.events().values()) {
				String group = (event.group() != null) ? event.group() : service.name();
				String subject = this.topics.balancedEvent(group, event.name());
				wanted.put(subject + " " + group, new String[] { subject, group });
			}
		}
		for (Map.Entry<String, String[]> entry : wanted.entrySet()) {
			if (!this.balancedSubscriptions.containsKey(entry.getKey())) {
				this.balancedSubscriptions.put(entry.getKey(),
						this.transporter.subscribe(entry.getValue()[0], entry.getValue()[1]));
			}
		}
		for (Iterator<Map.Entry<String, Transporter.Subscription>> it = this.balancedSubscriptions.entrySet()
			.iterator(); it.hasNext();) {
			Map.Entry<String, Transporter.Subscription> entry = it.next();
			if (!wanted.containsKey(entry.getKey())) {
				entry.getValue().unsubscribe();
				it.remove();
			}
		}
	}

	/** The balanced subjects this node is subscribed to (disable-balancer mode). */
	public synchronized List<String> balancedSubjects() {
		List<String> result = new ArrayList<>();
		for (String key : this.balancedSubscriptions.keySet()) {
			result.add(key.substring(0, key.indexOf(' ')));
		}
		return result;
	}

	/**
	 * Sends this node's INFO to one node.
	 * @param target the node
	 */
	public void sendInfo(String target) {
		InfoPacket info = marked(this.handler.localInfo(ver()));
		if (this.disableBalancer && this.transporter.isConnected()) {
			// Never tell a peer about an action before its balanced subject is subscribed.
			updateBalancedSubscriptions(info);
		}
		publishQuietly(this.topics.targeted(PacketType.INFO, target), info);
	}

	/**
	 * While protocol {@code auto} is undecided, the INFO says so in {@code config} (see
	 * {@link ProtocolSelector}), so other {@code auto} nodes never lock on to this node's version.
	 */
	private InfoPacket marked(InfoPacket info) {
		if (this.protocol.isLocked()) {
			return info;
		}
		Map<String, Object> config = new LinkedHashMap<>();
		if (info.config() != null) {
			config.putAll(info.config());
		}
		config.put(ProtocolSelector.MARKER_KEY, ProtocolSelector.MARKER_VALUE);
		return new InfoPacket(info.services(), info.ipList(), info.hostname(), info.client(), config,
				info.instanceID(), info.metadata(), info.seq(), info.ver(), info.sender());
	}

	/**
	 * Asks for INFO.
	 * @param target one node, or {@code null} for every node
	 */
	public void discover(@Nullable String target) {
		String subject = (target != null) ? this.topics.targeted(PacketType.DISCOVER, target)
				: this.topics.broadcast(PacketType.DISCOVER);
		publishQuietly(subject, new DiscoverPacket(ver(), this.nodeID));
	}

	/**
	 * Broadcasts a HEARTBEAT.
	 * @param cpu the CPU usage in percent
	 */
	public void sendHeartbeat(int cpu) {
		publishQuietly(this.topics.broadcast(PacketType.HEARTBEAT), new HeartbeatPacket(cpu, ver(), this.nodeID));
	}

	/**
	 * Pings a node.
	 * @param target the node
	 * @param id the ping ID
	 * @param timeoutMillis how long to wait for the PONG
	 * @return the PONG
	 */
	public CompletableFuture<PongPacket> ping(String target, String id, long timeoutMillis) {
		CompletableFuture<PongPacket> future = new CompletableFuture<>();
		this.pendingPings.put(id, future);
		ScheduledFuture<?> timer = this.scheduler.schedule(() -> {
			if (this.pendingPings.remove(id) != null) {
				PendingRequests.completeOn(this.executor,
						() -> future.completeExceptionally(new RequestTimeoutError("$ping", target)));
			}
		}, timeoutMillis, TimeUnit.MILLISECONDS);
		future.whenComplete((pong, ex) -> timer.cancel(false));
		try {
			publish(this.topics.targeted(PacketType.PING, target),
					new PingPacket(System.currentTimeMillis(), id, ver(), this.nodeID));
		}
		catch (RuntimeException ex) {
			this.pendingPings.remove(id);
			future.completeExceptionally(ex);
		}
		return future;
	}

	private void publishQuietly(String subject, Packet packet) {
		try {
			if (this.transporter.isConnected()) {
				publish(subject, packet);
			}
		}
		catch (RuntimeException ex) {
			this.warnings.warn("publish:" + packet.type(), "Could not publish {} packet: {}", packet.type(),
					ex.toString());
		}
	}

	private void publish(String subject, Packet packet) {
		byte[] bytes = this.serializer.serialize(packet);
		long max = this.transporter.maxPayloadBytes();
		if (bytes.length > max) {
			throw new MoleculerError("The " + packet.type() + " packet is " + bytes.length
					+ " bytes, more than the transporter's maximum payload of " + max + " bytes.", 413,
					"PAYLOAD_TOO_LARGE", Map.of("size", bytes.length, "limit", max));
		}
		this.transporter.publish(subject, bytes);
		this.packetsSent.increment();
		this.bytesSent.add(bytes.length);
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

	/** Fails every pending request and ping: the connection is gone. */
	private void rejectAllPending() {
		this.pending.rejectAll((request) -> new BrokerDisconnectedError());
		for (Map.Entry<String, CompletableFuture<PongPacket>> ping : this.pendingPings.entrySet()) {
			if (this.pendingPings.remove(ping.getKey()) != null) {
				PendingRequests.completeOn(this.executor,
						() -> ping.getValue().completeExceptionally(new BrokerDisconnectedError()));
			}
		}
	}

	// ------------------------------------------------------------------ incoming

	@Override
	public void onMessage(String subject, byte[] payload) {
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
						process(type, payload);
					});
				}
				case RESPONSE, EVENT -> this.executor.execute(() -> process(type, payload));
				case DISCOVER -> {
					boolean broadcast = subject.equals(this.topics.broadcast(PacketType.DISCOVER));
					this.control.execute(() -> process(type, payload, broadcast));
				}
				default -> this.control.execute(() -> process(type, payload));
			}
		}
		catch (RejectedExecutionException ex) {
			drop("rejected", "Dropped a {} packet: the executor does not accept work (stopping)", type);
		}
	}

	private void rejectOverload(byte[] payload) {
		Packet packet = decode(PacketType.REQUEST, payload);
		if (packet instanceof RequestPacket request && accept(packet)) {
			this.warnings.warn("overload", "Request queue is full ({} waiting); rejecting '{}' from '{}'",
					this.maxQueue, request.action(), request.sender());
			sendResponse(request.sender(), request.id(), request.meta(), null, null,
					new QueueIsFullError(request.action(), this.nodeID, this.maxQueue, this.maxQueue));
		}
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

	private void process(PacketType type, byte[] payload) {
		process(type, payload, false);
	}

	private void process(PacketType type, byte[] payload, boolean broadcastDiscover) {
		Packet packet = decode(type, payload);
		if (packet == null || !accept(packet)) {
			return;
		}
		if (!packet.sender().equals(this.nodeID)) {
			if (broadcastDiscover) {
				this.handler.onPeerConnected(packet.sender());
			}
			this.handler.onActivity(packet.sender());
		}
		try {
			switch (type) {
				case REQUEST -> this.handler.onRequest((RequestPacket) packet);
				case RESPONSE -> onResponse((ResponsePacket) packet);
				case EVENT -> this.handler.onEvent((EventPacket) packet);
				case INFO -> this.handler.onInfo((InfoPacket) packet);
				case DISCOVER -> sendInfo(packet.sender());
				case HEARTBEAT -> this.handler.onHeartbeat((HeartbeatPacket) packet);
				case DISCONNECT -> this.handler.onDisconnect((DisconnectPacket) packet);
				case PING -> onPing((PingPacket) packet);
				case PONG -> onPong((PongPacket) packet);
			}
		}
		catch (RuntimeException ex) {
			this.warnings.warn("failed:" + type, "Failed to handle a {} packet from '{}'", type, packet.sender(), ex);
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
			broadcastInfo();
			discover(null);
		}
		else if (decision == ProtocolSelector.Decision.ANSWER) {
			// A newcomer of the other version: an undecided auto newcomer locks on to this INFO, any other drops it.
			this.droppedPackets.increment();
			sendInfo(packet.sender());
			return false;
		}
		else if (decision == ProtocolSelector.Decision.PROBE) {
			this.droppedPackets.increment();
			probeVersion(packet.sender(), packet.ver());
			return false;
		}
		else if (decision == ProtocolSelector.Decision.REJECT) {
			drop("version:" + packet.ver(), "Dropped a {} packet from '{}' with protocol version '{}' (this node speaks '{}')",
					packet.type(), packet.sender(), packet.ver(), ver());
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
					sendInfo(this.nodeID);
				}
			}
			PacketType type = packet.type();
			return type == PacketType.REQUEST || type == PacketType.RESPONSE || type == PacketType.EVENT;
		}
		return true;
	}

	/**
	 * Undecided {@code auto}: asks a node heard in the other version for its INFO, in that version
	 * (at most once a second per node; the map is bounded, spoofed senders must not grow it).
	 */
	private void probeVersion(String target, String ver) {
		long now = System.nanoTime();
		Long last = this.versionProbes.get(target);
		if (last != null && now - last < 1_000_000_000L) {
			return;
		}
		if (this.versionProbes.size() >= MAX_VERSION_PROBES) {
			this.versionProbes.clear();
		}
		this.versionProbes.put(target, now);
		logger.debug("Protocol 'auto': node '{}' speaks version {}; asking for its INFO", target, ver);
		publishQuietly(this.topics.targeted(PacketType.DISCOVER, target), new DiscoverPacket(ver, this.nodeID));
	}

	private void drop(String key, String message, Object... args) {
		this.droppedPackets.increment();
		this.warnings.warn(key, message, args);
	}

	private void onResponse(ResponsePacket packet) {
		boolean pending;
		if (packet.success()) {
			Object data = packet.data();
			pending = this.pending.resolve(packet.id(), packet.meta(),
					(data == null || Packets.isAbsent(data) || (data instanceof JsonNode node && node.isNull())) ? null
							: data);
		}
		else {
			Map<String, Object> error = (packet.error() != null) ? packet.error() : Map.of();
			pending = this.pending.reject(packet.id(), packet.meta(),
					() -> MoleculerErrors.fromPayload(error, packet.sender()));
		}
		if (!pending) {
			logger.debug("Orphan response '{}' from '{}' (timed out or already answered)", packet.id(), packet.sender());
		}
	}

	private void onPing(PingPacket packet) {
		publishQuietly(this.topics.targeted(PacketType.PONG, packet.sender()),
				new PongPacket(packet.time(), packet.id(), System.currentTimeMillis(), ver(), this.nodeID));
	}

	private void onPong(PongPacket packet) {
		long now = System.currentTimeMillis();
		long elapsed = now - packet.time();
		long timeDiff = Math.round(now - packet.arrived() - elapsed / 2.0);
		CompletableFuture<PongPacket> future = this.pendingPings.remove(packet.id());
		if (future != null) {
			future.complete(packet);
		}
		this.handler.onPong(packet, elapsed, timeDiff);
	}

	// ------------------------------------------------------------------ statistics

	/** Packets dropped (unknown subject, foreign version, executor stopped). */
	public long droppedPackets() {
		return this.droppedPackets.sum();
	}

	/** Packets that could not be decoded. */
	public long invalidPackets() {
		return this.invalidPackets.sum();
	}

	public long packetsSent() {
		return this.packetsSent.sum();
	}

	public long packetsReceived() {
		return this.packetsReceived.sum();
	}

	public long bytesSent() {
		return this.bytesSent.sum();
	}

	public long bytesReceived() {
		return this.bytesReceived.sum();
	}

	/** Incoming requests waiting for a worker. */
	public int queuedRequests() {
		return this.queuedRequests.get();
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
