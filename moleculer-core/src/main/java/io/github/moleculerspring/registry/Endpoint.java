package io.github.moleculerspring.registry;

/**
 * A place where an action or an event handler can be reached: one node's copy of it. An endpoint
 * is available when its node is online and nothing (a circuit breaker) has taken it out.
 */
public abstract class Endpoint {

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
	public String nodeID() {
		return this.node.id();
	}

	/** The service the endpoint belongs to. */
	public ServiceItem service() {
		return this.service;
	}

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
