package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.strategy.Strategy;
import org.jspecify.annotations.Nullable;

/**
 * Event subscriptions by (event name pattern, group). Matching lists for a concrete event name are
 * cached until the next change.
 */
final class EventCatalog {

	private final Map<String, EndpointList<EventEndpoint>> lists = new ConcurrentHashMap<>();

	private final Map<String, List<EndpointList<EventEndpoint>>> matchCache = new ConcurrentHashMap<>();

	private static final int MAX_CACHED = 10_000;

	private static String key(String name, String group) {
		return name + '\u0000' + group;
	}

	void add(EventEndpoint endpoint, Supplier<Strategy> strategy) {
		this.lists.computeIfAbsent(key(endpoint.name(), endpoint.group()),
				(k) -> new EndpointList<>(endpoint.name(), endpoint.group(), strategy.get()))
			.add(endpoint);
		this.matchCache.clear();
	}

	@Nullable EventEndpoint get(String name, String group, String nodeID, String service) {
		EndpointList<EventEndpoint> list = this.lists.get(key(name, group));
		return (list != null) ? list.byNodeAndService(nodeID, service) : null;
	}

	void remove(String name, String group, String nodeID, String service) {
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

}
