package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.strategy.Strategy;
import org.jspecify.annotations.Nullable;

/**
 * The endpoints of one action, or of one (event, group) pair, with the strategy that balances
 * between them. Copy-on-write: selection reads without locking; changes come from the registry.
 * @param <E> the endpoint type
 */
public final class EndpointList<E extends Endpoint> {

	private final String name;

	private final @Nullable String group;

	private final Strategy strategy;

	private volatile List<E> endpoints = List.of();

	private volatile List<E> localEndpoints = List.of();

	EndpointList(String name, @Nullable String group, Strategy strategy) {
		this.name = name;
		this.group = group;
		this.strategy = strategy;
	}

	/** The action name or event pattern. */
	public String name() {
		return this.name;
	}

	/** The event group, or {@code null} for an action list. */
	public @Nullable String group() {
		return this.group;
	}

	public Strategy strategy() {
		return this.strategy;
	}

	/** Every endpoint, available or not. */
	public List<E> endpoints() {
		return this.endpoints;
	}

	public List<E> localEndpoints() {
		return this.localEndpoints;
	}

	public int count() {
		return this.endpoints.size();
	}

	public boolean isEmpty() {
		return this.endpoints.isEmpty();
	}

	public boolean hasLocal() {
		return !this.localEndpoints.isEmpty();
	}

	public boolean hasAvailable() {
		for (E endpoint : this.endpoints) {
			if (endpoint.isAvailable()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Picks the next endpoint: a local one when {@code preferLocal} and one is available, otherwise
	 * one of the available endpoints by the strategy.
	 * @param ctx the context
	 * @param preferLocal whether local endpoints go first
	 * @return the endpoint, or {@code null} when none is available
	 */
	public @Nullable E next(@Nullable Context ctx, boolean preferLocal) {
		return next(ctx, preferLocal, null);
	}

	/**
	 * Picks the next endpoint, avoiding some nodes while other endpoints are available (a retry does
	 * not go back to the node that just failed, unless it is the only one left).
	 * @param ctx the context
	 * @param preferLocal whether local endpoints go first
	 * @param avoid node IDs to avoid, or {@code null}
	 * @return the endpoint, or {@code null} when none is available
	 */
	public @Nullable E next(@Nullable Context ctx, boolean preferLocal, @Nullable Set<String> avoid) {
		if (avoid != null && !avoid.isEmpty()) {
			List<E> candidates = new ArrayList<>();
			for (E endpoint : this.endpoints) {
				if (endpoint.isAvailable() && !avoid.contains(endpoint.nodeID())) {
					candidates.add(endpoint);
				}
			}
			if (!candidates.isEmpty()) {
				return this.strategy.select(candidates, ctx);
			}
		}
		List<E> all = this.endpoints;
		int size = all.size();
		if (size == 0) {
			return null;
		}
		if (size == 1) {
			E only = all.get(0);
			return only.isAvailable() ? only : null;
		}
		if (preferLocal) {
			E local = nextLocal(ctx);
			if (local != null) {
				return local;
			}
		}
		List<E> available = available(all);
		return available.isEmpty() ? null : this.strategy.select(available, ctx);
	}

	/**
	 * Picks one of the available local endpoints.
	 * @param ctx the context
	 * @return the endpoint, or {@code null} when none
	 */
	public @Nullable E nextLocal(@Nullable Context ctx) {
		List<E> locals = this.localEndpoints;
		if (locals.isEmpty()) {
			return null;
		}
		if (locals.size() == 1) {
			E only = locals.get(0);
			return only.isAvailable() ? only : null;
		}
		List<E> available = available(locals);
		return available.isEmpty() ? null : this.strategy.select(available, ctx);
	}

	/**
	 * The endpoint on a node (the first, for event lists where several services of a node may share
	 * a group).
	 * @param nodeID the node
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable E byNode(String nodeID) {
		for (E endpoint : this.endpoints) {
			if (endpoint.nodeID().equals(nodeID)) {
				return endpoint;
			}
		}
		return null;
	}

	/**
	 * The endpoint of a service on a node.
	 * @param nodeID the node
	 * @param service the service full name
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable E byNodeAndService(String nodeID, String service) {
		for (E endpoint : this.endpoints) {
			if (endpoint.nodeID().equals(nodeID) && endpoint.service().fullName().equals(service)) {
				return endpoint;
			}
		}
		return null;
	}

	private static <E extends Endpoint> List<E> available(List<E> list) {
		int size = list.size();
		int i = 0;
		while (i < size && list.get(i).isAvailable()) {
			i++;
		}
		if (i == size) {
			return list;
		}
		List<E> result = new ArrayList<>(size - 1);
		for (int j = 0; j < size; j++) {
			E endpoint = list.get(j);
			if (endpoint.isAvailable()) {
				result.add(endpoint);
			}
		}
		return result;
	}

	// ------------------------------------------------------------------ mutations (registry lock held)

	/** Adds an endpoint, replacing the one of the same service on the same node. */
	synchronized void add(E endpoint) {
		List<E> next = new ArrayList<>(this.endpoints.size() + 1);
		for (E existing : this.endpoints) {
			if (!sameServiceOnSameNode(existing, endpoint)) {
				next.add(existing);
			}
		}
		next.add(endpoint);
		publish(next);
	}

	/** Removes the endpoint of a service on a node; returns whether one was removed. */
	synchronized boolean remove(String nodeID, String service) {
		List<E> next = new ArrayList<>(this.endpoints.size());
		for (E existing : this.endpoints) {
			if (!(existing.nodeID().equals(nodeID) && existing.service().fullName().equals(service))) {
				next.add(existing);
			}
		}
		if (next.size() == this.endpoints.size()) {
			return false;
		}
		publish(next);
		return true;
	}

	private static boolean sameServiceOnSameNode(Endpoint a, Endpoint b) {
		return a.nodeID().equals(b.nodeID()) && a.service().fullName().equals(b.service().fullName());
	}

	/** Removes the endpoint of a node; returns whether one was removed. */
	synchronized boolean removeByNode(String nodeID) {
		List<E> next = new ArrayList<>(this.endpoints.size());
		for (E existing : this.endpoints) {
			if (!existing.nodeID().equals(nodeID)) {
				next.add(existing);
			}
		}
		if (next.size() == this.endpoints.size()) {
			return false;
		}
		publish(next);
		return true;
	}

	private void publish(List<E> next) {
		List<E> locals = new ArrayList<>();
		for (E endpoint : next) {
			if (endpoint.isLocal()) {
				locals.add(endpoint);
			}
		}
		this.endpoints = List.copyOf(next);
		this.localEndpoints = List.copyOf(locals);
	}

	@Override
	public String toString() {
		return "EndpointList[" + this.name + ((this.group != null) ? "/" + this.group : "") + ", "
				+ this.endpoints.size() + "]";
	}

}
