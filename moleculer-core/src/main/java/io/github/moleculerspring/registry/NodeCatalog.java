package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import org.jspecify.annotations.Nullable;

/**
 * Every known node, this one included, and their liveness: INFO applied to its sender, heartbeats,
 * any packet as a sign of life, disconnects, expiry and the clean-up of long-offline nodes
 * (Moleculer.js 0.15 {@code src/registry/node-catalog.js}). It knows nothing of the services a node
 * offers: the {@link Registry} re-registers them when an INFO says so.
 *
 * <p>
 * Changes happen under the registry's lock; reads ({@link #get}, {@link #list}) and the liveness
 * updates a node makes to itself ({@link #heartbeat}, {@link #touch}) need none.
 */
final class NodeCatalog {

	/**
	 * What an INFO did to its sender.
	 * @param node the sender's node, new or known
	 * @param outcome whether it connected, reconnected or was updated
	 * @param servicesChanged whether its services must be re-registered (a higher {@code seq}, a
	 * reconnect or another {@code instanceID})
	 */
	record InfoResult(Node node, Registry.InfoOutcome outcome, boolean servicesChanged) {
	}

	private final Map<String, Node> nodes = new ConcurrentHashMap<>();

	private final Node localNode;

	private final LongSupplier clock;

	/**
	 * Creates a catalog that knows only the local node.
	 * @param localNodeID this node's ID
	 * @param clock epoch milliseconds
	 */
	NodeCatalog(String localNodeID, LongSupplier clock) {
		this.clock = clock;
		this.localNode = new Node(localNodeID, true, clock.getAsLong());
		this.nodes.put(localNodeID, this.localNode);
	}

	Node localNode() {
		return this.localNode;
	}

	@Nullable Node get(String nodeID) {
		return this.nodes.get(nodeID);
	}

	/** Every known node, including this one. */
	Collection<Node> list() {
		return Collections.unmodifiableCollection(this.nodes.values());
	}

	/** The time now, on this catalog's clock. */
	long now() {
		return this.clock.getAsLong();
	}

	/**
	 * Applies an INFO to its sender: a new node is created, an offline one is back online, and the
	 * node takes the packet's description.
	 * @param info the packet
	 * @return what happened
	 */
	InfoResult processNodeInfo(InfoPacket info) {
		long now = this.clock.getAsLong();
		Node node = this.nodes.get(info.sender());
		Registry.InfoOutcome outcome;
		if (node == null) {
			node = new Node(info.sender(), false, now);
			this.nodes.put(node.id(), node);
			outcome = Registry.InfoOutcome.CONNECTED;
		}
		else if (!node.isAvailable()) {
			node.reconnected(now);
			outcome = Registry.InfoOutcome.RECONNECTED;
		}
		else {
			outcome = Registry.InfoOutcome.UPDATED;
		}
		boolean servicesChanged = node.update(info, outcome == Registry.InfoOutcome.RECONNECTED);
		return new InfoResult(node, outcome, servicesChanged);
	}

	/**
	 * Records a HEARTBEAT.
	 * @param nodeID the sender
	 * @param cpu its CPU usage
	 * @param seq its service-list revision, if sent
	 * @param instanceID its instance ID, if sent
	 * @return {@code true} when the node must be asked for a fresh INFO (unknown, offline, or its
	 * {@code seq}/{@code instanceID} differ)
	 */
	boolean heartbeat(String nodeID, @Nullable Integer cpu, @Nullable Long seq, @Nullable String instanceID) {
		Node node = this.nodes.get(nodeID);
		if (node == null || !node.isAvailable()) {
			return true;
		}
		if (seq != null && seq != node.seq()) {
			return true;
		}
		if (instanceID != null && (node.instanceID() == null || !node.instanceID().startsWith(instanceID))) {
			return true;
		}
		node.heartbeat(cpu, this.clock.getAsLong());
		return false;
	}

	/**
	 * Records that a packet arrived from an online remote node.
	 * @param nodeID the sender
	 */
	void touch(String nodeID) {
		Node node = this.nodes.get(nodeID);
		if (node != null && node.isAvailable() && !node.isLocal()) {
			node.touch(this.clock.getAsLong());
		}
	}

	/**
	 * Treats every online remote node as heard from at a given time (never moving a node's time back).
	 * @param atMillis the time, on this catalog's clock
	 */
	void touchAll(long atMillis) {
		for (Node node : this.nodes.values()) {
			if (node.isAvailable() && !node.isLocal()) {
				node.touch(atMillis);
			}
		}
	}

	/**
	 * Marks an online remote node offline.
	 * @param nodeID the node
	 * @return the node, or {@code null} when it is unknown, local or already offline
	 */
	@Nullable Node disconnected(String nodeID) {
		Node node = this.nodes.get(nodeID);
		if (node == null || node.isLocal() || !node.isAvailable()) {
			return null;
		}
		node.disconnected(this.clock.getAsLong());
		return node;
	}

	/**
	 * The online remote nodes whose last heartbeat is older than the timeout.
	 * @param timeoutMillis the heartbeat timeout
	 * @return the expired nodes
	 */
	List<Node> expired(long timeoutMillis) {
		long now = this.clock.getAsLong();
		List<Node> result = new ArrayList<>();
		for (Node node : this.nodes.values()) {
			if (!node.isLocal() && node.isAvailable() && now - node.lastHeartbeatMillis() > timeoutMillis) {
				result.add(node);
			}
		}
		return result;
	}

	/**
	 * Forgets offline nodes silent for longer than the given time.
	 * @param olderThanMillis how long a node must have been silent
	 * @return the removed nodes
	 */
	List<Node> removeOffline(long olderThanMillis) {
		long now = this.clock.getAsLong();
		List<Node> removed = new ArrayList<>();
		for (Node node : new ArrayList<>(this.nodes.values())) {
			if (!node.isLocal() && !node.isAvailable() && now - node.lastHeartbeatMillis() > olderThanMillis) {
				this.nodes.remove(node.id());
				removed.add(node);
			}
		}
		return removed;
	}

	/**
	 * Refreshes the local node's own description.
	 * @param instanceID this process's instance ID
	 * @param services the descriptors of the local services
	 * @param seq the local service-list revision
	 * @param client the client description
	 * @param metadata node metadata
	 * @param ipList the IP addresses
	 * @param hostname the host name
	 * @param protocolVersion the protocol version spoken
	 */
	void updateLocal(String instanceID, List<ServiceInfo> services, long seq, Map<String, Object> client,
			Map<String, Object> metadata, @Nullable List<String> ipList, @Nullable String hostname,
			String protocolVersion) {
		this.localNode.updateLocal(instanceID, services, seq, client, metadata, ipList, hostname, protocolVersion);
	}

	/** Records this node's CPU usage. */
	void updateLocalCpu(int cpu) {
		this.localNode.localCpu(cpu);
	}

}
