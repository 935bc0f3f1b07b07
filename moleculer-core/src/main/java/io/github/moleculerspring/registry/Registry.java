package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.strategy.Strategy;
import org.jspecify.annotations.Nullable;

/**
 * The service registry: every known node, and the services, actions and event subscriptions they
 * offer, local and remote. It is the coordinator the broker talks to, as Moleculer.js 0.15's
 * {@code ServiceRegistry} ({@code src/registry/registry.js}) is: the {@link NodeCatalog},
 * {@link ServiceCatalog}, {@link ActionCatalog} and {@link EventCatalog} each keep one kind of
 * entry, and the registry applies a change to all of them at once. Changes are serialized under one
 * lock; lookups on the call path read copy-on-write structures without locking.
 *
 * <p>
 * Remote INFO packets are applied as Moleculer does (only when {@code seq} is higher, the node
 * reconnected or its {@code instanceID} changed), and as a diff: an endpoint whose descriptor did
 * not change is kept, so a concurrent call never sees the action vanish while a node's service list
 * is re-applied.
 */
public final class Registry {

	/** Receives the registry's notifications (called outside the lock). */
	public interface Listener {

		void nodeConnected(Node node, boolean reconnected);

		void nodeUpdated(Node node);

		void nodeDisconnected(Node node, boolean unexpected);

		void servicesChanged(boolean local);

	}

	/** Wires endpoints to their invokers and strategies; provided by the broker. */
	public interface Wiring {

		ActionInvoker localAction(ActionEndpoint endpoint);

		ActionInvoker remoteAction(ActionEndpoint endpoint);

		EventInvoker localEvent(EventEndpoint endpoint);

		/**
		 * The invoker that sends a call to the balanced subject of the endpoint's action, or
		 * {@code null} when the built-in balancer is on.
		 * @param endpoint a local or remote endpoint
		 * @return the invoker, or {@code null}
		 */
		@Nullable ActionInvoker balancedAction(ActionEndpoint endpoint);

		/**
		 * Creates the strategy of a new endpoint list.
		 * @param name the action or event name
		 * @param descriptor the descriptor of the first endpoint (may name a {@code strategy})
		 * @return the strategy
		 */
		Strategy strategy(String name, Map<String, Object> descriptor);

	}

	private final Object lock = new Object();

	private final NodeCatalog nodes;

	private final ServiceCatalog services = new ServiceCatalog();

	private final ActionCatalog actions;

	private final EventCatalog events;

	private final Listener listener;

	private final boolean preferLocal;

	private long localSeq;

	/**
	 * Creates a registry.
	 * @param localNodeID this node's ID
	 * @param preferLocal whether local endpoints are preferred
	 * @param listener receives notifications
	 * @param wiring wires endpoints
	 * @param clock epoch milliseconds
	 */
	public Registry(String localNodeID, boolean preferLocal, Listener listener, Wiring wiring, LongSupplier clock) {
		this.nodes = new NodeCatalog(localNodeID, clock);
		this.actions = new ActionCatalog(localNodeID, wiring);
		this.events = new EventCatalog(localNodeID, wiring);
		this.preferLocal = preferLocal;
		this.listener = listener;
	}

	public Node localNode() {
		return this.nodes.localNode();
	}

	public boolean isPreferLocal() {
		return this.preferLocal;
	}

	// ------------------------------------------------------------------ lookups

	/** The endpoints of an action, or {@code null} when no node offers it. */
	public @Nullable EndpointList<ActionEndpoint> getActionEndpoints(String action) {
		return this.actions.get(action);
	}

	/** The endpoint of an action on a given node, or {@code null}. */
	public @Nullable ActionEndpoint getActionEndpoint(String action, String nodeID) {
		return this.actions.get(action, nodeID);
	}

	/** The local endpoint of an action (any visibility but private), or {@code null}. */
	public @Nullable ActionEndpoint getLocalActionEndpoint(String action) {
		return this.actions.getLocal(action);
	}

	/** A local private action, or {@code null}. */
	public @Nullable ActionEndpoint getPrivateActionEndpoint(String action) {
		return this.actions.getPrivate(action);
	}

	public @Nullable Node getNode(String nodeID) {
		return this.nodes.get(nodeID);
	}

	/** Every known node, including this one. */
	public Collection<Node> nodes() {
		return this.nodes.list();
	}

	/** Every registered service copy (one per node offering it). */
	public List<ServiceItem> services() {
		return this.services.list();
	}

	/** Every action name with its endpoints. */
	public Map<String, EndpointList<ActionEndpoint>> actions() {
		return this.actions.map();
	}

	/** The endpoints of every event subscription, one list per (event, group). */
	public List<EndpointList<EventEndpoint>> eventLists() {
		return this.events.lists();
	}

	/** One endpoint per group subscribed to an event, picked by each group's strategy. */
	public List<EventEndpoint> balancedEventEndpoints(String eventName, @Nullable List<String> groups,
			@Nullable Context ctx) {
		return this.events.balanced(eventName, groups, ctx, this.preferLocal);
	}

	/** For a broadcast: one endpoint per node that has a matching subscription. */
	public Map<String, EventEndpoint> eventEndpointsByNode(String eventName, @Nullable List<String> groups) {
		return this.events.allByNode(eventName, groups);
	}

	/** The local handlers an incoming or local event reaches. */
	public List<EventEndpoint> localEventEndpoints(String eventName, @Nullable List<String> groups, boolean broadcast,
			@Nullable Context ctx) {
		return this.events.local(eventName, groups, broadcast, ctx);
	}

	/** Every group subscribed to an event. */
	public List<String> eventGroups(String eventName) {
		return this.events.groups(eventName);
	}

	/** The local service-list revision. */
	public long localSeq() {
		synchronized (this.lock) {
			return this.localSeq;
		}
	}

	/** The descriptors of the local services, as published in INFO. */
	public List<ServiceInfo> localServiceInfos() {
		return this.services.localInfos();
	}

	/** The local service definitions. */
	public List<ServiceDefinition> localServiceDefinitions() {
		return this.services.localDefinitions();
	}

	// ------------------------------------------------------------------ local services

	/**
	 * Registers a local service and wires its endpoints.
	 * @param definition the service
	 * @throws ServiceSchemaError when a service of the same full name or an action of the same name
	 * is already registered locally
	 */
	public void registerLocalService(ServiceDefinition definition) {
		synchronized (this.lock) {
			if (this.services.findLocal(definition.fullName()) != null) {
				throw new ServiceSchemaError("Service '" + definition.fullName() + "' is already registered.",
						Map.of("service", definition.fullName()));
			}
			ServiceInfo info = ServiceCatalog.describe(definition);
			for (ActionInfo action : info.actions().values()) {
				if (this.actions.isLocal(action.name())) {
					throw new ServiceSchemaError("Action '" + action.name() + "' is already registered locally.",
							Map.of("action", action.name()));
				}
			}
			ServiceItem item = new ServiceItem(this.nodes.localNode(), info, definition);
			Map<String, ActionEndpoint> newActions = this.actions.wireLocal(item, definition);
			Map<EventCatalog.Subscription, EventEndpoint> newEvents = this.events.wireLocal(item, definition);
			this.actions.addLocal(newActions);
			this.events.addLocal(newEvents);
			this.services.add(item);
			this.localSeq++;
		}
		this.listener.servicesChanged(true);
	}

	/**
	 * Removes a local service.
	 * @param fullName the service full name
	 * @return whether it was registered
	 */
	public boolean unregisterLocalService(String fullName) {
		synchronized (this.lock) {
			ServiceItem found = this.services.findLocal(fullName);
			if (found == null) {
				return false;
			}
			this.actions.removeService(found);
			this.events.removeService(found);
			this.services.remove(found);
			this.localSeq++;
		}
		this.listener.servicesChanged(true);
		return true;
	}

	/**
	 * Refreshes the local node's own description (what {@code $node.list} shows for it).
	 * @param instanceID this process's instance ID
	 * @param client the client description
	 * @param metadata node metadata
	 * @param ipList the IP addresses
	 * @param hostname the host name
	 * @param protocolVersion the protocol version spoken
	 */
	public void updateLocalNode(String instanceID, Map<String, Object> client, Map<String, Object> metadata,
			@Nullable List<String> ipList, @Nullable String hostname, String protocolVersion) {
		synchronized (this.lock) {
			this.nodes.updateLocal(instanceID, this.services.localInfos(), this.localSeq, client, metadata, ipList,
					hostname, protocolVersion);
		}
	}

	/** Records this node's CPU usage. */
	public void updateLocalCpu(int cpu) {
		this.nodes.updateLocalCpu(cpu);
	}

	// ------------------------------------------------------------------ remote nodes

	/** What applying an INFO did. */
	public enum InfoOutcome {

		/** A node not seen before. */
		CONNECTED,

		/** A node that was offline is back. */
		RECONNECTED,

		/** A known online node sent a new INFO. */
		UPDATED

	}

	/**
	 * Applies an INFO from a remote node.
	 * @param info the packet
	 * @return what happened
	 */
	public InfoOutcome processNodeInfo(InfoPacket info) {
		NodeCatalog.InfoResult result;
		synchronized (this.lock) {
			result = this.nodes.processNodeInfo(info);
			if (result.servicesChanged()) {
				registerRemoteServices(result.node(), info.services());
			}
		}
		if (result.outcome() == InfoOutcome.UPDATED) {
			this.listener.nodeUpdated(result.node());
		}
		else {
			this.listener.nodeConnected(result.node(), result.outcome() == InfoOutcome.RECONNECTED);
		}
		if (result.servicesChanged()) {
			this.listener.servicesChanged(false);
		}
		return result.outcome();
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
	public boolean heartbeat(String nodeID, @Nullable Integer cpu, @Nullable Long seq, @Nullable String instanceID) {
		return this.nodes.heartbeat(nodeID, cpu, seq, instanceID);
	}

	/**
	 * Records that a packet arrived from a node: any packet is a sign of life, not only HEARTBEAT, so a
	 * node too busy to send its heartbeat in time while it still answers is not declared offline.
	 * @param nodeID the sender
	 */
	public void touch(String nodeID) {
		this.nodes.touch(nodeID);
	}

	/** Treats every online node as just heard from (after this node's own connection came back). */
	public void touchAll() {
		touchAll(this.nodes.now());
	}

	/**
	 * Treats every online node as heard from at a given time (never moving a node's time back).
	 * @param atMillis the time, on this registry's clock
	 */
	public void touchAll(long atMillis) {
		this.nodes.touchAll(atMillis);
	}

	/**
	 * Marks a node offline and removes its endpoints.
	 * @param nodeID the node
	 * @param unexpected {@code true} for a heartbeat timeout, {@code false} for a DISCONNECT
	 * @return whether the node was online
	 */
	public boolean nodeDisconnected(String nodeID, boolean unexpected) {
		Node node;
		synchronized (this.lock) {
			node = this.nodes.disconnected(nodeID);
			if (node == null) {
				return false;
			}
			registerRemoteServices(node, List.of());
		}
		this.listener.nodeDisconnected(node, unexpected);
		this.listener.servicesChanged(false);
		return true;
	}

	/**
	 * The online remote nodes whose last heartbeat is older than the timeout.
	 * @param timeoutMillis the heartbeat timeout
	 * @return the expired nodes
	 */
	public List<Node> expiredNodes(long timeoutMillis) {
		return this.nodes.expired(timeoutMillis);
	}

	/**
	 * Forgets offline nodes silent for longer than the given time.
	 * @param olderThanMillis how long a node must have been silent
	 * @return the removed nodes
	 */
	public List<Node> removeOfflineNodes(long olderThanMillis) {
		synchronized (this.lock) {
			List<Node> removed = this.nodes.removeOffline(olderThanMillis);
			for (Node node : removed) {
				this.actions.forget(node.id());
				this.events.forget(node.id());
			}
			return removed;
		}
	}

	/**
	 * Replaces what a remote node offers by the services of its INFO (none when it went offline):
	 * new and changed endpoints first, then the removal of those it dropped, then its service list.
	 */
	private void registerRemoteServices(Node node, List<ServiceInfo> infos) {
		Set<String> actionNames = new HashSet<>();
		Set<EventCatalog.Subscription> subscriptions = new HashSet<>();
		List<ServiceItem> items = new ArrayList<>();
		for (ServiceInfo info : infos) {
			ServiceItem item = new ServiceItem(node, info, null);
			items.add(item);
			this.actions.registerRemote(item, actionNames);
			this.events.registerRemote(item, subscriptions);
		}
		this.actions.retain(node.id(), actionNames);
		this.events.retain(node.id(), subscriptions);
		this.services.replace(node, items);
	}

}
