package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import org.jspecify.annotations.Nullable;

/**
 * A node of the cluster as this broker sees it: its identity, liveness and last INFO. Mutated only
 * by the registry's node catalog, under the {@link Registry}'s lock; read by anyone.
 */
public final class Node {

	private final String id;

	private final boolean local;

	private volatile @Nullable String instanceID;

	private volatile boolean available = true;

	private volatile long lastHeartbeatMillis;

	private volatile Map<String, Object> client = Collections.emptyMap();

	private volatile Map<String, Object> config = Collections.emptyMap();

	private volatile Map<String, Object> metadata = Collections.emptyMap();

	private volatile @Nullable List<String> ipList;

	private volatile @Nullable String hostname;

	private volatile List<ServiceInfo> services = Collections.emptyList();

	private volatile @Nullable Integer cpu;

	private volatile long cpuSeq;

	private volatile long cpuUpdatedMillis;

	private volatile long seq;

	private volatile @Nullable Long offlineSince;

	private volatile @Nullable String protocolVersion;

	Node(String id, boolean local, long nowMillis) {
		this.id = id;
		this.local = local;
		this.lastHeartbeatMillis = nowMillis;
	}

	public String id() {
		return this.id;
	}

	public boolean isLocal() {
		return this.local;
	}

	public @Nullable String instanceID() {
		return this.instanceID;
	}

	/** Whether the node is online. */
	public boolean isAvailable() {
		return this.available;
	}

	/** When the last HEARTBEAT (or reconnecting INFO) arrived, in epoch milliseconds. */
	public long lastHeartbeatMillis() {
		return this.lastHeartbeatMillis;
	}

	public Map<String, Object> client() {
		return this.client;
	}

	public Map<String, Object> metadata() {
		return this.metadata;
	}

	public @Nullable List<String> ipList() {
		return this.ipList;
	}

	public @Nullable String hostname() {
		return this.hostname;
	}

	/** The service descriptors of the node's last applied INFO. */
	public List<ServiceInfo> services() {
		return this.services;
	}

	/**
	 * CPU usage in percent: for a remote node from its last HEARTBEAT, for the local node what its
	 * last HEARTBEAT sent.
	 */
	public @Nullable Integer cpu() {
		return this.cpu;
	}

	/** When {@link #cpu()} was last set, in epoch milliseconds; {@code 0} if never. */
	public long cpuUpdatedMillis() {
		return this.cpuUpdatedMillis;
	}

	/** The service-list revision last applied. */
	public long seq() {
		return this.seq;
	}

	/** When the node went offline, in epoch milliseconds, or {@code null} while online. */
	public @Nullable Long offlineSince() {
		return this.offlineSince;
	}

	/** The protocol version of the node's packets ({@code "4"} or {@code "5"}). */
	public @Nullable String protocolVersion() {
		return this.protocolVersion;
	}

	// ------------------------------------------------------------------ mutations (registry lock held)

	/**
	 * Applies an INFO.
	 * @return whether its services must be (re)registered: a higher {@code seq}, a reconnect or
	 * another {@code instanceID}, as Moleculer decides
	 */
	boolean update(InfoPacket info, boolean reconnected) {
		this.metadata = (info.metadata() != null) ? info.metadata() : Collections.emptyMap();
		this.ipList = info.ipList();
		this.hostname = info.hostname();
		this.client = (info.client() != null) ? info.client() : Collections.emptyMap();
		this.config = (info.config() != null) ? info.config() : Collections.emptyMap();
		this.protocolVersion = info.ver();
		long newSeq = (info.seq() != null && info.seq() > 0) ? info.seq() : 1;
		boolean instanceChanged = !java.util.Objects.equals(info.instanceID(), this.instanceID);
		if (newSeq > this.seq || reconnected || instanceChanged) {
			this.instanceID = info.instanceID();
			this.seq = newSeq;
			this.services = info.services();
			return true;
		}
		return false;
	}

	void updateLocal(String instanceID, List<ServiceInfo> services, long seq, Map<String, Object> client,
			Map<String, Object> metadata, @Nullable List<String> ipList, @Nullable String hostname,
			String protocolVersion) {
		this.instanceID = instanceID;
		this.services = services;
		this.seq = seq;
		this.client = client;
		this.metadata = metadata;
		this.ipList = ipList;
		this.hostname = hostname;
		this.protocolVersion = protocolVersion;
	}

	void heartbeat(@Nullable Integer cpu, long nowMillis) {
		if (!this.available) {
			this.available = true;
			this.offlineSince = null;
		}
		if (cpu != null) {
			this.cpu = cpu;
			this.cpuSeq++;
			this.cpuUpdatedMillis = nowMillis;
		}
		this.lastHeartbeatMillis = nowMillis;
	}

	void touch(long nowMillis) {
		if (nowMillis > this.lastHeartbeatMillis) {
			this.lastHeartbeatMillis = nowMillis;
		}
	}

	void reconnected(long nowMillis) {
		this.available = true;
		this.offlineSince = null;
		this.lastHeartbeatMillis = nowMillis;
	}

	void disconnected(long nowMillis) {
		if (this.available) {
			this.offlineSince = nowMillis;
			this.seq++;
		}
		this.available = false;
	}

	void localCpu(int cpu) {
		if (this.cpu == null || this.cpu != cpu) {
			this.cpu = cpu;
			this.cpuSeq++;
		}
		this.cpuUpdatedMillis = System.currentTimeMillis();
	}

	/**
	 * The node as Moleculer's {@code $node.list} shows it.
	 * @param withServices whether to include the service descriptors
	 * @return a JSON-serializable map
	 */
	public Map<String, Object> toMap(boolean withServices) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("id", this.id);
		map.put("instanceID", this.instanceID);
		map.put("available", this.available);
		map.put("local", this.local);
		map.put("lastHeartbeatTime", this.lastHeartbeatMillis / 1000);
		map.put("config", this.config);
		map.put("client", this.client);
		map.put("metadata", this.metadata);
		map.put("ipList", this.ipList);
		map.put("port", null);
		map.put("hostname", this.hostname);
		map.put("udpAddress", null);
		map.put("cpu", this.cpu);
		map.put("cpuSeq", this.cpuSeq);
		map.put("seq", this.seq);
		map.put("offlineSince", this.offlineSince);
		if (withServices) {
			List<Map<String, Object>> list = new ArrayList<>();
			for (ServiceInfo service : this.services) {
				list.add(ServiceItem.describe(service));
			}
			map.put("services", list);
		}
		return map;
	}

	@Override
	public String toString() {
		return "Node[" + this.id + (this.available ? "" : ", offline") + "]";
	}

}
