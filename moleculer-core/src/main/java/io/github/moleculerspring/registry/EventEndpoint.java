package io.github.moleculerspring.registry;

import java.util.Map;

import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.service.EventDefinition;
import org.jspecify.annotations.Nullable;

/** One node's subscription to an event (name pattern) in a group. */
public final class EventEndpoint extends Endpoint {

	private final String name;

	private final String group;

	private final Map<String, Object> descriptor;

	private final @Nullable EventDefinition definition;

	private volatile @Nullable EventInvoker invoker;

	EventEndpoint(Node node, ServiceItem service, String name, String group, Map<String, Object> descriptor,
			@Nullable EventDefinition definition) {
		super(node, service);
		this.name = name;
		this.group = group;
		this.descriptor = descriptor;
		this.definition = definition;
	}

	/** The subscribed event name or pattern. */
	public String name() {
		return this.name;
	}

	public String group() {
		return this.group;
	}

	public Map<String, Object> descriptor() {
		return this.descriptor;
	}

	/** The local definition, or {@code null} for a remote subscription. */
	public @Nullable EventDefinition definition() {
		return this.definition;
	}

	/** Runs the local handler (through the middlewares); only for local endpoints. */
	public @Nullable EventInvoker invoker() {
		return this.invoker;
	}

	void setInvoker(EventInvoker invoker) {
		this.invoker = invoker;
	}

	@Override
	public String toString() {
		return "EventEndpoint[" + this.name + "/" + this.group + "@" + nodeID() + "]";
	}

}
