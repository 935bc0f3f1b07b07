package io.github.moleculerspring.registry;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of every action, one {@link EndpointList} per action name with the strategy that
 * balances it, and the local private actions, which are never balanced nor published (Moleculer.js
 * 0.15 {@code src/registry/action-catalog.js}). It also remembers which actions each node
 * registered, so a node's new INFO removes exactly the actions it no longer offers.
 *
 * <p>
 * Changes happen under the registry's lock; lookups on the call path read the concurrent maps and
 * the copy-on-write lists without locking.
 */
final class ActionCatalog {

	private final Map<String, EndpointList<ActionEndpoint>> actions = new ConcurrentHashMap<>();

	private final Map<String, ActionEndpoint> privateActions = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> namesByNode = new HashMap<>();

	private final String localNodeID;

	private final Registry.Wiring wiring;

	/**
	 * Creates an empty catalog.
	 * @param localNodeID this node's ID
	 * @param wiring wires new endpoints and creates the strategy of each new list
	 */
	ActionCatalog(String localNodeID, Registry.Wiring wiring) {
		this.localNodeID = localNodeID;
		this.wiring = wiring;
	}

	// ------------------------------------------------------------------ lookups

	/** The endpoints of an action, or {@code null} when no node offers it. */
	@Nullable EndpointList<ActionEndpoint> get(String action) {
		return this.actions.get(action);
	}

	/** The endpoint of an action on a given node, or {@code null}. */
	@Nullable ActionEndpoint get(String action, String nodeID) {
		EndpointList<ActionEndpoint> list = this.actions.get(action);
		return (list != null) ? list.byNode(nodeID) : null;
	}

	/** The local endpoint of an action (any visibility but private), or {@code null}. */
	@Nullable ActionEndpoint getLocal(String action) {
		return get(action, this.localNodeID);
	}

	/** A local private action, or {@code null}. */
	@Nullable ActionEndpoint getPrivate(String action) {
		return this.privateActions.get(action);
	}

	/** Whether this node already has an action of that name, private or not. */
	boolean isLocal(String action) {
		return getLocal(action) != null || this.privateActions.containsKey(action);
	}

	/** Every action name with its endpoints. */
	Map<String, EndpointList<ActionEndpoint>> map() {
		return Collections.unmodifiableMap(this.actions);
	}

	// ------------------------------------------------------------------ local actions

	/**
	 * Creates and wires the endpoints of a local service's actions. The private ones are registered
	 * at once, as they are never balanced; the others are returned for {@link #addLocal}.
	 * @param item the local service
	 * @param definition its definition
	 * @return the non-private endpoints by action name
	 */
	Map<String, ActionEndpoint> wireLocal(ServiceItem item, ServiceDefinition definition) {
		Map<String, ActionEndpoint> result = new LinkedHashMap<>();
		for (ActionDefinition action : definition.actions()) {
			String name = definition.fullName() + "." + action.rawName();
			Map<String, Object> descriptor = descriptor(action, name);
			ActionEndpoint endpoint = new ActionEndpoint(item.node(), item, name, descriptor, action);
			endpoint.setInvoker(this.wiring.localAction(endpoint));
			if (action.visibility().isRemotelyCallable()) {
				endpoint.setBalancedInvoker(this.wiring.balancedAction(endpoint));
			}
			if (action.visibility() == Visibility.PRIVATE) {
				this.privateActions.put(name, endpoint);
			}
			else {
				result.put(name, endpoint);
			}
		}
		return result;
	}

	/**
	 * Adds the endpoints {@link #wireLocal} returned.
	 * @param endpoints the endpoints by action name
	 */
	void addLocal(Map<String, ActionEndpoint> endpoints) {
		Set<String> names = this.namesByNode.computeIfAbsent(this.localNodeID, (id) -> new HashSet<>());
		for (Map.Entry<String, ActionEndpoint> entry : endpoints.entrySet()) {
			add(entry.getValue());
			names.add(entry.getKey());
		}
	}

	/**
	 * Removes the endpoints of a service copy, private ones included.
	 * @param item the service
	 */
	void removeService(ServiceItem item) {
		Set<String> names = this.namesByNode.get(item.node().id());
		for (ActionInfo action : item.info().actions().values()) {
			remove(action.name(), item.node().id());
			if (names != null) {
				names.remove(action.name());
			}
		}
		this.privateActions.values().removeIf((endpoint) -> endpoint.service() == item);
	}

	// ------------------------------------------------------------------ remote actions

	/**
	 * Registers the remotely callable actions of a remote service copy. An endpoint whose service
	 * and descriptor did not change is kept, so a concurrent call never sees the action vanish while
	 * a node's INFO is re-applied.
	 * @param item the service copy from the node's INFO
	 * @param registered collects the names of the actions the node now offers
	 */
	void registerRemote(ServiceItem item, Set<String> registered) {
		Node node = item.node();
		ServiceInfo info = item.info();
		for (ActionInfo action : info.actions().values()) {
			if (!Visibility.of(action.stringProperty("visibility")).isRemotelyCallable()) {
				continue;
			}
			ActionEndpoint existing = get(action.name(), node.id());
			if (existing == null || !existing.service().fullName().equals(info.fullName())
					|| !Objects.equals(existing.descriptor(), action.descriptor())) {
				ActionEndpoint endpoint = new ActionEndpoint(node, item, action.name(), action.descriptor(), null);
				endpoint.setInvoker(this.wiring.remoteAction(endpoint));
				endpoint.setBalancedInvoker(this.wiring.balancedAction(endpoint));
				add(endpoint);
			}
			registered.add(action.name());
		}
	}

	/**
	 * Removes a node's endpoints of the actions it no longer offers, and remembers what it offers now.
	 * @param nodeID the node
	 * @param registered every action the node offers now, as {@link #registerRemote} collected them
	 */
	void retain(String nodeID, Set<String> registered) {
		for (String action : this.namesByNode.getOrDefault(nodeID, Set.of())) {
			if (!registered.contains(action)) {
				remove(action, nodeID);
			}
		}
		this.namesByNode.put(nodeID, registered);
	}

	/** Forgets what a removed node registered. */
	void forget(String nodeID) {
		this.namesByNode.remove(nodeID);
	}

	private void add(ActionEndpoint endpoint) {
		this.actions
			.computeIfAbsent(endpoint.name(),
					(name) -> new EndpointList<>(name, null, this.wiring.strategy(name, endpoint.descriptor())))
			.add(endpoint);
	}

	private void remove(String action, String nodeID) {
		EndpointList<ActionEndpoint> list = this.actions.get(action);
		if (list != null && list.removeByNode(nodeID) && list.isEmpty()) {
			this.actions.remove(action);
		}
	}

	/**
	 * The descriptor of a local action as INFO publishes it: its properties, {@code params},
	 * {@code timeout}, {@code visibility} when not published, {@code rawName} and {@code name}.
	 * @param action the action
	 * @param name its full name
	 * @return the descriptor, unmodifiable
	 */
	static Map<String, Object> descriptor(ActionDefinition action, String name) {
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

}
