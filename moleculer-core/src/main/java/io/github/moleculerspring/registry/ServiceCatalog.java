package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import org.jspecify.annotations.Nullable;

/**
 * Every registered service copy, one per node offering it, and the descriptor a local service
 * publishes in INFO (Moleculer.js 0.15 {@code src/registry/service-catalog.js}). A node's copies are
 * replaced as a whole when its INFO is applied, so {@link #list} always shows one consistent
 * revision per node.
 *
 * <p>
 * Copy-on-write: changes happen under the registry's lock, reads take none.
 */
final class ServiceCatalog {

	private volatile List<ServiceItem> services = List.of();

	/** Every registered service copy (one per node offering it). */
	List<ServiceItem> list() {
		return this.services;
	}

	/**
	 * The local service of a full name.
	 * @param fullName the service full name
	 * @return the service, or {@code null} when none is registered locally
	 */
	@Nullable ServiceItem findLocal(String fullName) {
		ServiceItem found = null;
		for (ServiceItem item : this.services) {
			if (item.isLocal() && item.fullName().equals(fullName)) {
				found = item;
			}
		}
		return found;
	}

	void add(ServiceItem item) {
		List<ServiceItem> next = new ArrayList<>(this.services);
		next.add(item);
		this.services = List.copyOf(next);
	}

	void remove(ServiceItem item) {
		List<ServiceItem> next = new ArrayList<>(this.services);
		next.remove(item);
		this.services = List.copyOf(next);
	}

	/**
	 * Replaces every copy a node offers.
	 * @param node the node
	 * @param items its services now (none when it went offline)
	 */
	void replace(Node node, List<ServiceItem> items) {
		List<ServiceItem> next = new ArrayList<>();
		for (ServiceItem item : this.services) {
			if (item.node() != node) {
				next.add(item);
			}
		}
		next.addAll(items);
		this.services = List.copyOf(next);
	}

	/** The descriptors of the local services, as published in INFO. */
	List<ServiceInfo> localInfos() {
		List<ServiceInfo> result = new ArrayList<>();
		for (ServiceItem item : this.services) {
			if (item.isLocal()) {
				result.add(item.info());
			}
		}
		return result;
	}

	/** The local service definitions. */
	List<ServiceDefinition> localDefinitions() {
		List<ServiceDefinition> result = new ArrayList<>();
		for (ServiceItem item : this.services) {
			if (item.isLocal() && item.definition() != null) {
				result.add(item.definition());
			}
		}
		return result;
	}

	/**
	 * The descriptor of a local service as INFO publishes it: its settings, metadata, every action
	 * but the private ones and every event subscription.
	 * @param definition the service
	 * @return the descriptor
	 * @throws ServiceSchemaError when the service subscribes to an event more than once
	 */
	static ServiceInfo describe(ServiceDefinition definition) {
		Map<String, ActionInfo> actions = new LinkedHashMap<>();
		for (ActionDefinition action : definition.actions()) {
			if (action.visibility() == Visibility.PRIVATE) {
				continue;
			}
			String name = definition.fullName() + "." + action.rawName();
			actions.put(name, new ActionInfo(name, ActionCatalog.descriptor(action, name)));
		}
		Map<String, EventInfo> events = new LinkedHashMap<>();
		for (EventDefinition event : definition.events()) {
			if (events.containsKey(event.name())) {
				throw new ServiceSchemaError("Service '" + definition.fullName() + "' subscribes to event '"
						+ event.name() + "' more than once.", Map.of("service", definition.fullName(), "event",
								event.name()));
			}
			events.put(event.name(), new EventInfo(event.name(), event.group(), EventCatalog.descriptor(event)));
		}
		return new ServiceInfo(definition.name(), definition.version(), definition.fullName(),
				definition.publicSettings(), new LinkedHashMap<>(definition.metadata()), actions, events);
	}

}
