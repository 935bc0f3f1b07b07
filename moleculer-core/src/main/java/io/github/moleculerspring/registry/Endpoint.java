package io.github.moleculerspring.registry;

import io.github.moleculerspring.strategy.Candidate;
import org.jspecify.annotations.Nullable;

/**
 * A place where an action or an event handler can be reached: one node's copy of it. An endpoint
 * is available when its node is online and nothing (a circuit breaker) has taken it out. Strategies
 * choose among endpoints as {@link Candidate}s.
 */
public abstract class Endpoint implements Candidate {

	private final Node node;

	private final ServiceItem service;

	private volatile boolean state = true;

	Endpoint(Node node, ServiceItem service) {
		this.node = node;
		this.service = service;
	}

	public Node node() {
		return this.node;
	}

	/** The node ID. */
	@Override
	public String nodeID() {
		return this.node.id();
	}

	/** The CPU usage in percent that the node last reported, or {@code null} if it has not yet. */
	@Override
	public @Nullable Integer nodeCpu() {
		return this.node.cpu();
	}

	/** The service the endpoint belongs to. */
	public ServiceItem service() {
		return this.service;
	}

	@Override
	public boolean isLocal() {
		return this.node.isLocal();
	}

	/** Whether the endpoint can take calls now. */
	public boolean isAvailable() {
		return this.state && this.node.isAvailable();
	}

	/** The endpoint's own state, independent of its node (a circuit breaker sets it). */
	public boolean state() {
		return this.state;
	}

	/**
	 * Takes the endpoint out of (or back into) rotation.
	 * @param state {@code true} when it may be selected
	 */
	public void setState(boolean state) {
		this.state = state;
	}

}
