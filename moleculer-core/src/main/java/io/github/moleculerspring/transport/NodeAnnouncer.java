package io.github.moleculerspring.transport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.moleculerspring.protocol.DiscoverPacket;
import io.github.moleculerspring.protocol.HeartbeatPacket;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.Topics;
import io.github.moleculerspring.registry.Registry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery packets this node sends: its INFO (broadcast or to one node), DISCOVER, HEARTBEAT,
 * and the DISCOVER that asks a node of the other protocol version for its INFO while protocol
 * {@code auto} is undecided. Before an INFO goes out in disable-balancer mode, the balanced
 * subscriptions are brought in line with it, so no peer learns about an action this node does not
 * yet receive.
 */
final class NodeAnnouncer {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	/** At most this many nodes are remembered as asked for their INFO in the other protocol version. */
	private static final int MAX_VERSION_PROBES = 1024;

	private final String nodeID;

	private final Topics topics;

	private final Transporter transporter;

	private final boolean disableBalancer;

	private final Transit.Handler handler;

	private final String instanceID;

	private final Registry registry;

	private final ProtocolSelector protocol;

	private final TransitSubscriptions subscriptions;

	private final PacketPublisher publisher;

	private final Map<String, Long> versionProbes = new ConcurrentHashMap<>();

	NodeAnnouncer(Transit.Config config, Transit.Handler handler, Registry registry, ProtocolSelector protocol,
			TransitSubscriptions subscriptions, PacketPublisher publisher) {
		this.nodeID = config.nodeID();
		this.instanceID = config.instanceID();
		this.registry = registry;
		this.topics = config.topics();
		this.transporter = config.transporter();
		this.disableBalancer = config.disableBalancer();
		this.handler = handler;
		this.protocol = protocol;
		this.subscriptions = subscriptions;
		this.publisher = publisher;
	}

	/** Broadcasts this node's INFO. */
	void broadcastInfo() {
		InfoPacket info = localInfo();
		if (this.disableBalancer && this.transporter.isConnected()) {
			this.subscriptions.updateBalanced(info);
		}
		this.publisher.publishQuietly(this.topics.broadcast(PacketType.INFO), info);
	}

	/**
	 * Sends this node's INFO to one node.
	 * @param target the node
	 */
	void sendInfo(String target) {
		InfoPacket info = localInfo();
		if (this.disableBalancer && this.transporter.isConnected()) {
			// Never tell a peer about an action before its balanced subject is subscribed.
			this.subscriptions.updateBalanced(info);
		}
		this.publisher.publishQuietly(this.topics.targeted(PacketType.INFO, target), info);
	}

	/** This node's INFO now, in the version it speaks, marked while that is undecided. */
	private InfoPacket localInfo() {
		Transit.LocalInfo local = this.handler.localInfo();
		return marked(new InfoPacket(local.withServices() ? this.registry.localServiceInfos() : List.of(),
				local.ipList(), local.hostname(), local.client(), Map.of(), this.instanceID, local.metadata(),
				local.seq(), this.publisher.ver(), this.nodeID));
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
	void discover(@Nullable String target) {
		String subject = (target != null) ? this.topics.targeted(PacketType.DISCOVER, target)
				: this.topics.broadcast(PacketType.DISCOVER);
		this.publisher.publishQuietly(subject, new DiscoverPacket(this.publisher.ver(), this.nodeID));
	}

	/**
	 * Broadcasts a HEARTBEAT.
	 * @param cpu the CPU usage in percent
	 */
	void sendHeartbeat(int cpu) {
		this.publisher.publishQuietly(this.topics.broadcast(PacketType.HEARTBEAT),
				new HeartbeatPacket(cpu, this.publisher.ver(), this.nodeID));
	}

	/**
	 * Undecided {@code auto}: asks a node heard in the other version for its INFO, in that version
	 * (at most once a second per node; the map is bounded, spoofed senders must not grow it).
	 * @param target the node
	 * @param ver the version it speaks
	 */
	void probeVersion(String target, String ver) {
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
		this.publisher.publishQuietly(this.topics.targeted(PacketType.DISCOVER, target),
				new DiscoverPacket(ver, this.nodeID));
	}

}
