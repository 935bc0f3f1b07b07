package io.github.moleculerspring.registry;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ServiceDefinition;
import org.jspecify.annotations.Nullable;

/** One node's copy of a service, as registered. */
public final class ServiceItem {

	private final Node node;

	private final ServiceInfo info;

	private final @Nullable ServiceDefinition definition;

	ServiceItem(Node node, ServiceInfo info, @Nullable ServiceDefinition definition) {
		this.node = node;
		this.info = info;
		this.definition = definition;
	}

	public Node node() {
		return this.node;
	}

	public String name() {
		return this.info.name();
	}

	public @Nullable Object version() {
		return this.info.version();
	}

	public String fullName() {
		return this.info.fullName();
	}

	public boolean isLocal() {
		return this.node.isLocal();
	}

	/** The descriptor as published (or received) in INFO. */
	public ServiceInfo info() {
		return this.info;
	}

	/** The local definition, or {@code null} for a remote service. */
	public @Nullable ServiceDefinition definition() {
		return this.definition;
	}

	/**
	 * The service as Moleculer's {@code $node.services} shows it (without node fields).
	 * @param info the descriptor
	 * @return a JSON-serializable map
	 */
	static Map<String, Object> describe(ServiceInfo info) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", info.name());
		if (info.version() != null) {
			map.put("version", info.version());
		}
		map.put("fullName", info.fullName());
		map.put("settings", info.settings());
		map.put("metadata", info.metadata());
		Map<String, Object> actions = new LinkedHashMap<>();
		for (ActionInfo action : info.actions().values()) {
			actions.put(action.name(), action.descriptor());
		}
		map.put("actions", actions);
		Map<String, Object> events = new LinkedHashMap<>();
		for (EventInfo event : info.events().values()) {
			events.put(event.name(), event.descriptor());
		}
		map.put("events", events);
		return map;
	}

	@Override
	public String toString() {
		return "ServiceItem[" + fullName() + "@" + this.node.id() + "]";
	}

}
