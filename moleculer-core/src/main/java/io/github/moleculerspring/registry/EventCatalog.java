package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Event subscriptions by (event name pattern, group), each list with the strategy that balances
 * the group (Moleculer.js 0.15 {@code src/registry/event-catalog.js}). Matching lists for a concrete
 * event name are cached until the next change. It also remembers which subscriptions each node
 * registered, so a node's new INFO removes exactly the subscriptions it dropped.
 *
 * <p>
 * Changes happen under the registry's lock; the lookups of an emit read the concurrent maps and the
 * copy-on-write lists without locking.
 */
final class EventCatalog {

	/**
	 * One service's subscription to an event in a group: what a node registered.
	 * @param service the service full name
	 * @param name the event name or pattern
	 * @param group the group
	 */
	record Subscription(String service, String name, String group) {
	}

	private final Map<String, EndpointList<EventEndpoint>> lists = new ConcurrentHashMap<>();

	private final Map<String, List<EndpointList<EventEndpoint>>> matchCache = new ConcurrentHashMap<>();

	private final Map<String, Set<Subscription>> subscriptionsByNode = new HashMap<>();

	private final String localNodeID;

	private final Registry.Wiring wiring;

	private static final int MAX_CACHED = 10_000;

	/**
	 * Creates an empty catalog.
	 * @param localNodeID this node's ID
	 * @param wiring wires local endpoints and creates the strategy of each new list
	 */
	EventCatalog(String localNodeID, Registry.Wiring wiring) {
		this.localNodeID = localNodeID;
		this.wiring = wiring;
	}

	private static String key(String name, String group) {
		return name + '\u0000' + group;
	}

	private void add(EventEndpoint endpoint) {
		if (endpoint.isLocal() && endpoint.invoker() == null) {
			endpoint.setInvoker(this.wiring.localEvent(endpoint));
		}
		this.lists.computeIfAbsent(key(endpoint.name(), endpoint.group()),
				(k) -> new EndpointList<>(endpoint.name(), endpoint.group(),
						this.wiring.strategy(endpoint.name(), endpoint.descriptor())))
			.add(endpoint);
		this.matchCache.clear();
	}

	@Nullable EventEndpoint get(String name, String group, String nodeID, String service) {
		EndpointList<EventEndpoint> list = this.lists.get(key(name, group));
		return (list != null) ? list.byNodeAndService(nodeID, service) : null;
	}

	private void remove(String name, String group, String nodeID, String service) {
		String key = key(name, group);
		EndpointList<EventEndpoint> list = this.lists.get(key);
		if (list != null && list.remove(nodeID, service)) {
			if (list.isEmpty()) {
				this.lists.remove(key);
			}
			this.matchCache.clear();
		}
	}

	/** The lists whose pattern matches an event name. */
	List<EndpointList<EventEndpoint>> matching(String eventName) {
		List<EndpointList<EventEndpoint>> cached = this.matchCache.get(eventName);
		if (cached != null) {
			return cached;
		}
		List<EndpointList<EventEndpoint>> result = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : this.lists.values()) {
			if (EventNames.matches(eventName, list.name())) {
				result.add(list);
			}
		}
		result = List.copyOf(result);
		if (this.matchCache.size() < MAX_CACHED) {
			this.matchCache.put(eventName, result);
		}
		return result;
	}

	/**
	 * One endpoint per matching group (balanced emit).
	 * @param eventName the event
	 * @param groups the groups to reach, or {@code null} for all
	 * @param ctx the context
	 * @param preferLocal whether local endpoints go first
	 * @return the chosen endpoints
	 */
	List<EventEndpoint> balanced(String eventName, @Nullable List<String> groups, @Nullable Context ctx,
			boolean preferLocal) {
		List<EventEndpoint> result = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : matching(eventName)) {
			if (groups != null && !groups.isEmpty() && !groups.contains(list.group())) {
				continue;
			}
			EventEndpoint endpoint = list.next(ctx, preferLocal);
			if (endpoint != null) {
				result.add(endpoint);
			}
		}
		return result;
	}

	/**
	 * Every available endpoint of the matching groups, one per node (broadcast).
	 * @param eventName the event
	 * @param groups the groups to reach, or {@code null} for all
	 * @return node ID to one endpoint on that node
	 */
	Map<String, EventEndpoint> allByNode(String eventName, @Nullable List<String> groups) {
		Map<String, EventEndpoint> result = new LinkedHashMap<>();
		for (EndpointList<EventEndpoint> list : matching(eventName)) {
			if (groups != null && !groups.isEmpty() && !groups.contains(list.group())) {
				continue;
			}
			for (EventEndpoint endpoint : list.endpoints()) {
				if (endpoint.isAvailable()) {
					result.putIfAbsent(endpoint.nodeID(), endpoint);
				}
			}
		}
		return result;
	}

	/**
	 * The local handlers an event reaches on this node: for a broadcast every local handler of the
	 * matching groups, otherwise one local handler per matching group.
	 * @param eventName the event
	 * @param groups the groups to handle, or {@code null} for all
	 * @param broadcast whether the event is a broadcast
	 * @param ctx the context
	 * @return the local endpoints to run
	 */
	List<EventEndpoint> local(String eventName, @Nullable List<String> groups, boolean broadcast,
			@Nullable Context ctx) {
		List<EventEndpoint> result = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : matching(eventName)) {
			if (groups != null && !groups.isEmpty() && !groups.contains(list.group())) {
				continue;
			}
			if (broadcast) {
				result.addAll(list.localEndpoints());
			}
			else {
				EventEndpoint endpoint = list.nextLocal(ctx);
				if (endpoint != null) {
					result.add(endpoint);
				}
			}
		}
		return result;
	}

	/** Every known group of events matching a name. */
	List<String> groups(String eventName) {
		List<String> result = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : matching(eventName)) {
			if (list.group() != null && !result.contains(list.group())) {
				result.add(list.group());
			}
		}
		return result;
	}

	List<EndpointList<EventEndpoint>> lists() {
		return new ArrayList<>(this.lists.values());
	}

	// ------------------------------------------------------------------ local subscriptions

	/**
	 * Creates and wires the endpoints of a local service's subscriptions; {@link #addLocal} adds them.
	 * A subscription without a group is in the service's group, as in Moleculer.
	 * @param item the local service
	 * @param definition its definition
	 * @return the endpoints by subscription, in the definition's order
	 */
	Map<Subscription, EventEndpoint> wireLocal(ServiceItem item, ServiceDefinition definition) {
		Map<Subscription, EventEndpoint> result = new LinkedHashMap<>();
		for (EventDefinition event : definition.events()) {
			String group = (event.group() != null) ? event.group() : definition.name();
			EventEndpoint endpoint = new EventEndpoint(item.node(), item, event.name(), group, descriptor(event),
					event);
			endpoint.setInvoker(this.wiring.localEvent(endpoint));
			result.put(new Subscription(definition.fullName(), event.name(), group), endpoint);
		}
		return result;
	}

	/**
	 * Adds the endpoints {@link #wireLocal} returned.
	 * @param endpoints the endpoints by subscription
	 */
	void addLocal(Map<Subscription, EventEndpoint> endpoints) {
		Set<Subscription> registered = this.subscriptionsByNode.computeIfAbsent(this.localNodeID,
				(id) -> new HashSet<>());
		for (Map.Entry<Subscription, EventEndpoint> entry : endpoints.entrySet()) {
			add(entry.getValue());
			registered.add(entry.getKey());
		}
	}

	/**
	 * Removes the subscriptions of a service copy.
	 * @param item the service
	 */
	void removeService(ServiceItem item) {
		ServiceInfo info = item.info();
		Set<Subscription> registered = this.subscriptionsByNode.get(item.node().id());
		for (EventInfo event : info.events().values()) {
			String group = (event.group() != null) ? event.group() : info.name();
			remove(event.name(), group, item.node().id(), info.fullName());
			if (registered != null) {
				registered.remove(new Subscription(info.fullName(), event.name(), group));
			}
		}
	}

	// ------------------------------------------------------------------ remote subscriptions

	/**
	 * Registers the subscriptions of a remote service copy. An endpoint whose descriptor did not
	 * change is kept.
	 * @param item the service copy from the node's INFO
	 * @param registered collects what the node subscribes to now
	 */
	void registerRemote(ServiceItem item, Set<Subscription> registered) {
		Node node = item.node();
		ServiceInfo info = item.info();
		for (EventInfo event : info.events().values()) {
			String group = (event.group() != null) ? event.group() : info.name();
			EventEndpoint existing = get(event.name(), group, node.id(), info.fullName());
			if (existing == null || !Objects.equals(existing.descriptor(), event.descriptor())) {
				add(new EventEndpoint(node, item, event.name(), group, event.descriptor(), null));
			}
			registered.add(new Subscription(info.fullName(), event.name(), group));
		}
	}

	/**
	 * Removes a node's subscriptions it no longer has, and remembers what it subscribes to now.
	 * @param nodeID the node
	 * @param registered every subscription of the node now, as {@link #registerRemote} collected them
	 */
	void retain(String nodeID, Set<Subscription> registered) {
		for (Subscription subscription : this.subscriptionsByNode.getOrDefault(nodeID, Set.of())) {
			if (!registered.contains(subscription)) {
				remove(subscription.name(), subscription.group(), nodeID, subscription.service());
			}
		}
		this.subscriptionsByNode.put(nodeID, registered);
	}

	/** Forgets what a removed node registered. */
	void forget(String nodeID) {
		this.subscriptionsByNode.remove(nodeID);
	}

	/**
	 * The descriptor of a local subscription as INFO publishes it: its properties, {@code group}
	 * when set, and {@code name}.
	 * @param event the subscription
	 * @return the descriptor, unmodifiable
	 */
	static Map<String, Object> descriptor(EventDefinition event) {
		Map<String, Object> descriptor = new LinkedHashMap<>(event.properties());
		if (event.group() != null) {
			descriptor.put("group", event.group());
		}
		descriptor.put("name", event.name());
		return Collections.unmodifiableMap(descriptor);
	}

}
