package io.github.moleculerspring.registry;

import java.util.Map;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.Visibility;
import org.jspecify.annotations.Nullable;

/** One node's copy of an action, with the invoker (local handler or remote request) that runs it. */
public final class ActionEndpoint extends Endpoint {

	private final String name;

	private final Map<String, Object> descriptor;

	private final Visibility visibility;

	private final double timeout;

	private final @Nullable ActionDefinition definition;

	private volatile @Nullable ActionInvoker invoker;

	private volatile @Nullable ActionInvoker balancedInvoker;

	ActionEndpoint(Node node, ServiceItem service, String name, Map<String, Object> descriptor,
			@Nullable ActionDefinition definition) {
		super(node, service);
		this.name = name;
		this.descriptor = descriptor;
		this.definition = definition;
		Object visibility = descriptor.get("visibility");
		this.visibility = (definition != null) ? definition.visibility()
				: Visibility.of((visibility instanceof String s) ? s : null);
		Object timeout = descriptor.get("timeout");
		this.timeout = (definition != null) ? definition.timeout()
				: ((timeout instanceof Number n && n.doubleValue() > 0) ? n.doubleValue() : 0);
	}

	/** The full action name. */
	public String name() {
		return this.name;
	}

	/** The published descriptor. */
	public Map<String, Object> descriptor() {
		return this.descriptor;
	}

	public Visibility visibility() {
		return this.visibility;
	}

	/** The action-level timeout in milliseconds, {@code 0} when none. */
	public double timeout() {
		return this.timeout;
	}

	/** The local definition, or {@code null} for a remote endpoint. */
	public @Nullable ActionDefinition definition() {
		return this.definition;
	}

	/** Runs a call on this endpoint (through the middlewares). */
	public ActionInvoker invoker() {
		ActionInvoker current = this.invoker;
		if (current == null) {
			throw new IllegalStateException("Endpoint of '" + this.name + "' on '" + nodeID() + "' is not wired");
		}
		return current;
	}

	void setInvoker(ActionInvoker invoker) {
		this.invoker = invoker;
	}

	/**
	 * Runs a call through the balanced subject of this action ({@code REQB}), for the
	 * disable-balancer mode where NATS queue groups pick the node; {@code null} in the default mode.
	 */
	public @Nullable ActionInvoker balancedInvoker() {
		return this.balancedInvoker;
	}

	void setBalancedInvoker(@Nullable ActionInvoker balancedInvoker) {
		this.balancedInvoker = balancedInvoker;
	}

	@Override
	public String toString() {
		return "ActionEndpoint[" + this.name + "@" + nodeID() + "]";
	}

}
