package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.middleware.ActionInvoker;
import io.github.moleculerspring.middleware.EventInvoker;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import io.github.moleculerspring.strategy.Strategy;
import org.jspecify.annotations.Nullable;

/**
 * The service registry: every known node, and the services, actions and event subscriptions they
 * offer, local and remote. Changes are serialized under one lock; lookups on the call path read
 * copy-on-write structures without locking.
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

	private final Node localNode;

	private final Map<String, Node> nodes = new ConcurrentHashMap<>();

	private volatile List<ServiceItem> services = List.of();

	private final Map<String, EndpointList<ActionEndpoint>> actions = new ConcurrentHashMap<>();

	private final Map<String, ActionEndpoint> privateActions = new ConcurrentHashMap<>();

	private final EventCatalog events = new EventCatalog();

	private final Map<String, NodeRegistration> registrations = new HashMap<>();

	private final Listener listener;

	private final Wiring wiring;

	private final LongSupplier clock;

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
		this.clock = clock;
		this.localNode = new Node(localNodeID, true, clock.getAsLong());
		this.nodes.put(localNodeID, this.localNode);
		this.preferLocal = preferLocal;
		this.listener = listener;
		this.wiring = wiring;
	}

	public Node localNode() {
		return this.localNode;
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
		EndpointList<ActionEndpoint> list = this.actions.get(action);
		return (list != null) ? list.byNode(nodeID) : null;
	}

	/** The local endpoint of an action (any visibility but private), or {@code null}. */
	public @Nullable ActionEndpoint getLocalActionEndpoint(String action) {
		return getActionEndpoint(action, this.localNode.id());
	}

	/** A local private action, or {@code null}. */
	public @Nullable ActionEndpoint getPrivateActionEndpoint(String action) {
		return this.privateActions.get(action);
	}

	public @Nullable Node getNode(String nodeID) {
		return this.nodes.get(nodeID);
	}

	/** Every known node, including this one. */
	public Collection<Node> nodes() {
		return Collections.unmodifiableCollection(this.nodes.values());
	}

	/** Every registered service copy (one per node offering it). */
	public List<ServiceItem> services() {
		return this.services;
	}

	/** Every action name with its endpoints. */
	public Map<String, EndpointList<ActionEndpoint>> actions() {
		return Collections.unmodifiableMap(this.actions);
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
		List<ServiceInfo> result = new ArrayList<>();
		for (ServiceItem item : this.services) {
			if (item.isLocal()) {
				result.add(item.info());
			}
		}
		return result;
	}

	/** The local service definitions. */
	public List<ServiceDefinition> localServiceDefinitions() {
		List<ServiceDefinition> result = new ArrayList<>();
		for (ServiceItem item : this.services) {
			if (item.isLocal() && item.definition() != null) {
				result.add(item.definition());
			}
		}
		return result;
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
			for (ServiceItem item : this.services) {
				if (item.isLocal() && item.fullName().equals(definition.fullName())) {
					throw new ServiceSchemaError("Service '" + definition.fullName() + "' is already registered.",
							Map.of("service", definition.fullName()));
				}
			}
			ServiceInfo info = describe(definition);
			for (ActionInfo action : info.actions().values()) {
				if (getLocalActionEndpoint(action.name()) != null || this.privateActions.containsKey(action.name())) {
					throw new ServiceSchemaError("Action '" + action.name() + "' is already registered locally.",
							Map.of("action", action.name()));
				}
			}
			ServiceItem item = new ServiceItem(this.localNode, info, definition);
			Map<String, ActionEndpoint> newActions = new LinkedHashMap<>();
			for (ActionDefinition action : definition.actions()) {
				String name = definition.fullName() + "." + action.rawName();
				Map<String, Object> descriptor = actionDescriptor(action, name);
				ActionEndpoint endpoint = new ActionEndpoint(this.localNode, item, name, descriptor, action);
				endpoint.setInvoker(this.wiring.localAction(endpoint));
				if (action.visibility().isRemotelyCallable()) {
					endpoint.setBalancedInvoker(this.wiring.balancedAction(endpoint));
				}
				if (action.visibility() == Visibility.PRIVATE) {
					this.privateActions.put(name, endpoint);
				}
				else {
					newActions.put(name, endpoint);
				}
			}
			Map<String, EventEndpoint> newEvents = new LinkedHashMap<>();
			for (EventDefinition event : definition.events()) {
				String group = (event.group() != null) ? event.group() : definition.name();
				EventEndpoint endpoint = new EventEndpoint(this.localNode, item, event.name(), group,
						eventDescriptor(event), event);
				endpoint.setInvoker(this.wiring.localEvent(endpoint));
				newEvents.put(eventKey(definition.fullName(), event.name(), group), endpoint);
			}
			NodeRegistration registration = this.registrations.computeIfAbsent(this.localNode.id(),
					(id) -> new NodeRegistration());
			for (Map.Entry<String, ActionEndpoint> entry : newActions.entrySet()) {
				addAction(entry.getValue());
				registration.actions.add(entry.getKey());
			}
			for (Map.Entry<String, EventEndpoint> entry : newEvents.entrySet()) {
				addEvent(entry.getValue());
				registration.events.add(entry.getKey());
			}
			List<ServiceItem> next = new ArrayList<>(this.services);
			next.add(item);
			this.services = List.copyOf(next);
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
			ServiceItem found = null;
			for (ServiceItem item : this.services) {
				if (item.isLocal() && item.fullName().equals(fullName)) {
					found = item;
				}
			}
			if (found == null) {
				return false;
			}
			removeServiceEndpoints(found, this.registrations.get(this.localNode.id()));
			List<ServiceItem> next = new ArrayList<>(this.services);
			next.remove(found);
			this.services = List.copyOf(next);
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
			this.localNode.updateLocal(instanceID, localServiceInfos(), this.localSeq, client, metadata, ipList,
					hostname, protocolVersion);
		}
	}

	/** Records this node's CPU usage. */
	public void updateLocalCpu(int cpu) {
		this.localNode.localCpu(cpu);
	}

	private static ServiceInfo describe(ServiceDefinition definition) {
		Map<String, ActionInfo> actions = new LinkedHashMap<>();
		for (ActionDefinition action : definition.actions()) {
			if (action.visibility() == Visibility.PRIVATE) {
				continue;
			}
			String name = definition.fullName() + "." + action.rawName();
			actions.put(name, new ActionInfo(name, actionDescriptor(action, name)));
		}
		Map<String, EventInfo> events = new LinkedHashMap<>();
		for (EventDefinition event : definition.events()) {
			if (events.containsKey(event.name())) {
				throw new ServiceSchemaError("Service '" + definition.fullName() + "' subscribes to event '"
						+ event.name() + "' more than once.", Map.of("service", definition.fullName(), "event",
								event.name()));
			}
			events.put(event.name(), new EventInfo(event.name(), event.group(), eventDescriptor(event)));
		}
		return new ServiceInfo(definition.name(), definition.version(), definition.fullName(),
				definition.publicSettings(), new LinkedHashMap<>(definition.metadata()), actions, events);
	}

	private static Map<String, Object> actionDescriptor(ActionDefinition action, String name) {
		Map<String, Object> descriptor = new LinkedHashMap<>(action.properties());
		if (action.params() != null) {
			descriptor.put("params", action.params());
		}
		if (action.timeout() > 0) {
			descriptor.put("timeout", action.timeout());
		}
		if (action.visibility() != Visibility.PUBLISHED) {
			descriptor.put("visibility", action.visibility().value());
		}
		descriptor.put("rawName", action.rawName());
		descriptor.put("name", name);
		return Collections.unmodifiableMap(descriptor);
	}

	private static Map<String, Object> eventDescriptor(EventDefinition event) {
		Map<String, Object> descriptor = new LinkedHashMap<>(event.properties());
		if (event.group() != null) {
			descriptor.put("group", event.group());
		}
		descriptor.put("name", event.name());
		return Collections.unmodifiableMap(descriptor);
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
		Node node;
		InfoOutcome outcome;
		boolean registered;
		synchronized (this.lock) {
			long now = this.clock.getAsLong();
			node = this.nodes.get(info.sender());
			if (node == null) {
				node = new Node(info.sender(), false, now);
				this.nodes.put(node.id(), node);
				outcome = InfoOutcome.CONNECTED;
			}
			else if (!node.isAvailable()) {
				node.reconnected(now);
				outcome = InfoOutcome.RECONNECTED;
			}
			else {
				outcome = InfoOutcome.UPDATED;
			}
			registered = node.update(info, outcome == InfoOutcome.RECONNECTED);
			if (registered) {
				registerRemoteServices(node, info.services());
			}
		}
		if (outcome == InfoOutcome.UPDATED) {
			this.listener.nodeUpdated(node);
		}
		else {
			this.listener.nodeConnected(node, outcome == InfoOutcome.RECONNECTED);
		}
		if (registered) {
			this.listener.servicesChanged(false);
		}
		return outcome;
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
	 * Records that a packet arrived from a node: any packet is a sign of life, not only HEARTBEAT, so a
	 * node too busy to send its heartbeat in time while it still answers is not declared offline.
	 * @param nodeID the sender
	 */
	public void touch(String nodeID) {
		Node node = this.nodes.get(nodeID);
		if (node != null && node.isAvailable() && !node.isLocal()) {
			node.touch(this.clock.getAsLong());
		}
	}

	/** Treats every online node as just heard from (after this node's own connection came back). */
	public void touchAll() {
		touchAll(this.clock.getAsLong());
	}

	/**
	 * Treats every online node as heard from at a given time (never moving a node's time back).
	 * @param atMillis the time, on this registry's clock
	 */
	public void touchAll(long atMillis) {
		for (Node node : this.nodes.values()) {
			if (node.isAvailable() && !node.isLocal()) {
				node.touch(atMillis);
			}
		}
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
			node = this.nodes.get(nodeID);
			if (node == null || node.isLocal() || !node.isAvailable()) {
				return false;
			}
			node.disconnected(this.clock.getAsLong());
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
	public List<Node> removeOfflineNodes(long olderThanMillis) {
		long now = this.clock.getAsLong();
		List<Node> removed = new ArrayList<>();
		synchronized (this.lock) {
			for (Node node : new ArrayList<>(this.nodes.values())) {
				if (!node.isLocal() && !node.isAvailable() && now - node.lastHeartbeatMillis() > olderThanMillis) {
					this.nodes.remove(node.id());
					this.registrations.remove(node.id());
					removed.add(node);
				}
			}
		}
		return removed;
	}

	private void registerRemoteServices(Node node, List<ServiceInfo> infos) {
		NodeRegistration previous = this.registrations.getOrDefault(node.id(), new NodeRegistration());
		NodeRegistration current = new NodeRegistration();
		List<ServiceItem> items = new ArrayList<>();
		for (ServiceInfo info : infos) {
			ServiceItem item = new ServiceItem(node, info, null);
			items.add(item);
			for (ActionInfo action : info.actions().values()) {
				if (!Visibility.of(action.stringProperty("visibility")).isRemotelyCallable()) {
					continue;
				}
				ActionEndpoint existing = getActionEndpoint(action.name(), node.id());
				if (existing == null || !existing.service().fullName().equals(info.fullName())
						|| !Objects.equals(existing.descriptor(), action.descriptor())) {
					ActionEndpoint endpoint = new ActionEndpoint(node, item, action.name(), action.descriptor(), null);
					endpoint.setInvoker(this.wiring.remoteAction(endpoint));
					endpoint.setBalancedInvoker(this.wiring.balancedAction(endpoint));
					addAction(endpoint);
				}
				current.actions.add(action.name());
			}
			for (EventInfo event : info.events().values()) {
				String group = (event.group() != null) ? event.group() : info.name();
				String key = eventKey(info.fullName(), event.name(), group);
				EventEndpoint existing = this.events.get(event.name(), group, node.id(), info.fullName());
				if (existing == null || !Objects.equals(existing.descriptor(), event.descriptor())) {
					addEvent(new EventEndpoint(node, item, event.name(), group, event.descriptor(), null));
				}
				current.events.add(key);
			}
		}
		for (String action : previous.actions) {
			if (!current.actions.contains(action)) {
				removeAction(action, node.id());
			}
		}
		for (String key : previous.events) {
			if (!current.events.contains(key)) {
				String[] parts = key.split("\u0000", -1);
				this.events.remove(parts[1], parts[2], node.id(), parts[0]);
			}
		}
		this.registrations.put(node.id(), current);
		List<ServiceItem> next = new ArrayList<>();
		for (ServiceItem item : this.services) {
			if (item.node() != node) {
				next.add(item);
			}
		}
		next.addAll(items);
		this.services = List.copyOf(next);
	}

	private void removeServiceEndpoints(ServiceItem item, @Nullable NodeRegistration registration) {
		ServiceInfo info = item.info();
		for (ActionInfo action : info.actions().values()) {
			removeAction(action.name(), item.node().id());
			if (registration != null) {
				registration.actions.remove(action.name());
			}
		}
		this.privateActions.values().removeIf((endpoint) -> endpoint.service() == item);
		for (EventInfo event : info.events().values()) {
			String group = (event.group() != null) ? event.group() : info.name();
			this.events.remove(event.name(), group, item.node().id(), info.fullName());
			if (registration != null) {
				registration.events.remove(eventKey(info.fullName(), event.name(), group));
			}
		}
	}

	private void addAction(ActionEndpoint endpoint) {
		this.actions
			.computeIfAbsent(endpoint.name(),
					(name) -> new EndpointList<>(name, null, this.wiring.strategy(name, endpoint.descriptor())))
			.add(endpoint);
	}

	private void removeAction(String action, String nodeID) {
		EndpointList<ActionEndpoint> list = this.actions.get(action);
		if (list != null && list.removeByNode(nodeID) && list.isEmpty()) {
			this.actions.remove(action);
		}
	}

	private void addEvent(EventEndpoint endpoint) {
		if (endpoint.isLocal() && endpoint.invoker() == null) {
			endpoint.setInvoker(this.wiring.localEvent(endpoint));
		}
		this.events.add(endpoint, () -> this.wiring.strategy(endpoint.name(), endpoint.descriptor()));
	}

	private static String eventKey(String service, String name, String group) {
		return service + '\u0000' + name + '\u0000' + group;
	}

	// ------------------------------------------------------------------ $node listings

	/**
	 * The nodes as {@code $node.list} returns them.
	 * @param onlyAvailable only online nodes
	 * @param withServices include service descriptors
	 * @return the list
	 */
	public List<Map<String, Object>> nodeList(boolean onlyAvailable, boolean withServices) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Node node : this.nodes.values()) {
			if (onlyAvailable && !node.isAvailable()) {
				continue;
			}
			result.add(node.toMap(withServices));
		}
		return result;
	}

	/**
	 * The services as {@code $node.services} returns them.
	 * @param onlyLocal only local services
	 * @param skipInternal skip {@code $}-prefixed services
	 * @param withActions include action descriptors
	 * @param withEvents include event descriptors
	 * @param onlyAvailable only services of online nodes
	 * @param grouping one entry per service with its {@code nodes}, instead of one per node
	 * @return the list
	 */
	public List<Map<String, Object>> serviceList(boolean onlyLocal, boolean skipInternal, boolean withActions,
			boolean withEvents, boolean onlyAvailable, boolean grouping) {
		List<Map<String, Object>> result = new ArrayList<>();
		Map<String, Map<String, Object>> byFullName = new HashMap<>();
		for (ServiceItem service : this.services) {
			if (skipInternal && service.name().startsWith("$")) {
				continue;
			}
			if (onlyLocal && !service.isLocal()) {
				continue;
			}
			if (onlyAvailable && !service.node().isAvailable()) {
				continue;
			}
			Map<String, Object> item = grouping ? byFullName.get(service.fullName()) : null;
			if (item == null) {
				item = new LinkedHashMap<>();
				item.put("name", service.name());
				item.put("version", service.version());
				item.put("fullName", service.fullName());
				item.put("settings", service.info().settings());
				item.put("metadata", service.info().metadata());
				item.put("local", service.isLocal());
				item.put("available", service.node().isAvailable());
				if (grouping) {
					List<String> nodeIds = new ArrayList<>();
					nodeIds.add(service.node().id());
					item.put("nodes", nodeIds);
					byFullName.put(service.fullName(), item);
				}
				else {
					item.put("nodeID", service.node().id());
				}
				if (withActions) {
					item.put("actions", actionDescriptors(service.info(), null));
				}
				if (withEvents) {
					Map<String, Object> events = new LinkedHashMap<>();
					for (EventInfo event : service.info().events().values()) {
						if (!event.name().startsWith("$")) {
							events.put(event.name(), event.descriptor());
						}
					}
					item.put("events", events);
				}
				result.add(item);
			}
			else {
				@SuppressWarnings("unchecked")
				List<String> nodeIds = (List<String>) item.get("nodes");
				if (!nodeIds.contains(service.node().id())) {
					nodeIds.add(service.node().id());
				}
				if (withActions) {
					@SuppressWarnings("unchecked")
					Map<String, Object> actions = (Map<String, Object>) item.get("actions");
					actionDescriptors(service.info(), actions);
				}
			}
		}
		return result;
	}

	private static Map<String, Object> actionDescriptors(ServiceInfo info, @Nullable Map<String, Object> into) {
		Map<String, Object> actions = (into != null) ? into : new LinkedHashMap<>();
		for (ActionInfo action : info.actions().values()) {
			if ("protected".equals(action.visibility()) || actions.containsKey(action.name())) {
				continue;
			}
			actions.put(action.name(), action.descriptor());
		}
		return actions;
	}

	/**
	 * The actions as {@code $node.actions} returns them.
	 * @param onlyLocal only actions with a local endpoint
	 * @param skipInternal skip {@code $}-prefixed actions
	 * @param withEndpoints include the endpoints
	 * @param onlyAvailable only actions with an available endpoint
	 * @return the list
	 */
	public List<Map<String, Object>> actionList(boolean onlyLocal, boolean skipInternal, boolean withEndpoints,
			boolean onlyAvailable) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Map.Entry<String, EndpointList<ActionEndpoint>> entry : this.actions.entrySet()) {
			EndpointList<ActionEndpoint> list = entry.getValue();
			if (skipInternal && entry.getKey().startsWith("$")) {
				continue;
			}
			if (onlyLocal && !list.hasLocal()) {
				continue;
			}
			if (onlyAvailable && !list.hasAvailable()) {
				continue;
			}
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", entry.getKey());
			item.put("count", list.count());
			item.put("hasLocal", list.hasLocal());
			item.put("available", list.hasAvailable());
			List<ActionEndpoint> endpoints = list.endpoints();
			if (!endpoints.isEmpty()) {
				item.put("action", endpoints.get(0).descriptor());
				if (endpoints.get(0).visibility() == Visibility.PROTECTED) {
					continue;
				}
			}
			if (withEndpoints && !endpoints.isEmpty()) {
				item.put("endpoints", endpointMaps(endpoints));
			}
			result.add(item);
		}
		return result;
	}

	/**
	 * The event subscriptions as {@code $node.events} returns them.
	 * @param onlyLocal only subscriptions with a local endpoint
	 * @param skipInternal skip {@code $}-prefixed events
	 * @param withEndpoints include the endpoints
	 * @param onlyAvailable only subscriptions with an available endpoint
	 * @return the list
	 */
	public List<Map<String, Object>> eventList(boolean onlyLocal, boolean skipInternal, boolean withEndpoints,
			boolean onlyAvailable) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : this.events.lists()) {
			if (skipInternal && list.name().startsWith("$")) {
				continue;
			}
			if (onlyLocal && !list.hasLocal()) {
				continue;
			}
			if (onlyAvailable && !list.hasAvailable()) {
				continue;
			}
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", list.name());
			item.put("group", list.group());
			item.put("count", list.count());
			item.put("hasLocal", list.hasLocal());
			item.put("available", list.hasAvailable());
			List<EventEndpoint> endpoints = list.endpoints();
			if (!endpoints.isEmpty()) {
				item.put("event", endpoints.get(0).descriptor());
			}
			if (withEndpoints && !endpoints.isEmpty()) {
				item.put("endpoints", endpointMaps(endpoints));
			}
			result.add(item);
		}
		return result;
	}

	private static List<Map<String, Object>> endpointMaps(List<? extends Endpoint> endpoints) {
		List<Map<String, Object>> result = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("nodeID", endpoint.nodeID());
			map.put("state", endpoint.state());
			map.put("available", endpoint.node().isAvailable());
			result.add(map);
		}
		return result;
	}

	/** The actions and event keys registered for one node. */
	private static final class NodeRegistration {

		final Set<String> actions = new HashSet<>();

		final Set<String> events = new HashSet<>();

	}

}
