package io.github.moleculerspring.actuate.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.metrics.BrokerStatus;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.ServiceItem;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} that shows what a Moleculer {@link ServiceBroker} knows of its cluster:
 * the nodes (online or not, with their client type and version), the services and the nodes that
 * offer them, the actions with their endpoints and each endpoint's circuit breaker state, and the
 * event subscriptions. {@code /actuator/moleculer} shows all of it, and
 * {@code /actuator/moleculer/{nodes|services|actions|events}} one part. Read-only: it reads the
 * broker's {@link BrokerStatus}.
 */
@Endpoint(id = "moleculer")
public class MoleculerEndpoint {

	private final ServiceBroker broker;

	public MoleculerEndpoint(ServiceBroker broker) {
		Assert.notNull(broker, "'broker' must not be null");
		this.broker = broker;
	}

	/**
	 * Describes this node and the whole cluster as the broker's registry sees it.
	 * @return the description
	 */
	@ReadOperation
	public MoleculerDescriptor moleculer() {
		ServiceBroker broker = this.broker;
		BrokerStatus status = broker.status();
		return new MoleculerDescriptor(broker.nodeID(), broker.namespace(), status.transporterName(),
				broker.protocolVersion().value(), status.isStarted(), status.isConnected(), nodes(), services(),
				actions(), events());
	}

	/**
	 * Describes one part of the cluster.
	 * @param part {@code nodes}, {@code services}, {@code actions} or {@code events}
	 * @return the part, or {@code null} (404) for another name
	 */
	@ReadOperation
	public @Nullable OperationResponseBody part(@Selector String part) {
		return switch (part) {
			case "nodes" -> new NodesDescriptor(nodes());
			case "services" -> new ServicesDescriptor(services());
			case "actions" -> new ActionsDescriptor(actions());
			case "events" -> new EventsDescriptor(events());
			default -> null;
		};
	}

	private List<NodeDescriptor> nodes() {
		List<NodeDescriptor> nodes = new ArrayList<>();
		BrokerStatus status = this.broker.status();
		for (Node node : status.nodes()) {
			Map<String, Object> client = node.client();
			String protocolVersion = node.isLocal() ? this.broker.protocolVersion().value() : node.protocolVersion();
			nodes.add(new NodeDescriptor(node.id(), node.isLocal(), node.isAvailable(),
					new ClientDescriptor(string(client.get("type")), string(client.get("version")),
							string(client.get("langVersion"))),
					protocolVersion, node.hostname(), status.cpu(node), node.offlineSince()));
		}
		nodes.sort(Comparator.comparing(NodeDescriptor::id));
		return nodes;
	}

	private List<ServiceDescriptor> services() {
		Map<String, List<ServiceItem>> byFullName = new TreeMap<>();
		for (ServiceItem service : this.broker.status().services()) {
			byFullName.computeIfAbsent(service.fullName(), (name) -> new ArrayList<>()).add(service);
		}
		List<ServiceDescriptor> services = new ArrayList<>();
		byFullName.forEach((fullName, items) -> {
			ServiceItem first = items.get(0);
			TreeSet<String> nodes = new TreeSet<>();
			items.forEach((item) -> nodes.add(item.node().id()));
			services.add(new ServiceDescriptor(fullName, first.name(), string(first.version()), List.copyOf(nodes)));
		});
		return services;
	}

	private List<ActionDescriptor> actions() {
		List<ActionDescriptor> actions = new ArrayList<>();
		BrokerStatus status = this.broker.status();
		new TreeMap<>(status.actions()).forEach((name, list) -> {
			List<ActionEndpointDescriptor> endpoints = new ArrayList<>();
			for (ActionEndpoint endpoint : list.endpoints()) {
				endpoints.add(new ActionEndpointDescriptor(endpoint.nodeID(), endpoint.service().fullName(),
						endpoint.isLocal(), endpoint.isAvailable(),
						status.circuitBreakerState(endpoint.nodeID(), name)));
			}
			endpoints.sort(Comparator.comparing(ActionEndpointDescriptor::nodeID));
			actions.add(new ActionDescriptor(name, endpoints));
		});
		return actions;
	}

	private List<EventDescriptor> events() {
		List<EventDescriptor> events = new ArrayList<>();
		for (EndpointList<EventEndpoint> list : this.broker.status().eventLists()) {
			List<EventEndpointDescriptor> endpoints = new ArrayList<>();
			for (EventEndpoint endpoint : list.endpoints()) {
				endpoints.add(new EventEndpointDescriptor(endpoint.nodeID(), endpoint.service().fullName(),
						endpoint.isLocal(), endpoint.isAvailable()));
			}
			endpoints.sort(Comparator.comparing(EventEndpointDescriptor::nodeID));
			events.add(new EventDescriptor(list.name(), String.valueOf(list.group()), endpoints));
		}
		events.sort(Comparator.comparing(EventDescriptor::name).thenComparing(EventDescriptor::group));
		return events;
	}

	private static @Nullable String string(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	/**
	 * This node and the cluster.
	 * @param nodeID this node's ID
	 * @param namespace the namespace
	 * @param transporter the transporter's type ({@code NATS}, {@code Local}), or {@code null}
	 * @param protocolVersion the protocol version this node speaks
	 * @param started whether the broker has started
	 * @param connected whether its transporter is connected ({@code true} without one)
	 * @param nodes the known nodes
	 * @param services the services
	 * @param actions the actions
	 * @param events the event subscriptions
	 */
	public record MoleculerDescriptor(String nodeID, String namespace, @Nullable String transporter,
			String protocolVersion, boolean started, boolean connected, List<NodeDescriptor> nodes,
			List<ServiceDescriptor> services, List<ActionDescriptor> actions,
			List<EventDescriptor> events) implements OperationResponseBody {
	}

	/**
	 * The known nodes.
	 * @param nodes the nodes, by ID
	 */
	public record NodesDescriptor(List<NodeDescriptor> nodes) implements OperationResponseBody {
	}

	/**
	 * A node.
	 * @param id its node ID
	 * @param local whether it is this node
	 * @param available whether it is online
	 * @param client its Moleculer implementation
	 * @param protocolVersion the protocol version of its packets
	 * @param hostname its host name, as its INFO says
	 * @param cpu its CPU usage in percent, from its last heartbeat (this node: what its heartbeat sends)
	 * @param offlineSince when it went offline (epoch milliseconds), {@code null} while online
	 */
	public record NodeDescriptor(String id, boolean local, boolean available, ClientDescriptor client,
			@Nullable String protocolVersion, @Nullable String hostname, @Nullable Integer cpu,
			@Nullable Long offlineSince) {
	}

	/**
	 * The Moleculer implementation of a node.
	 * @param type {@code java}, {@code nodejs}...
	 * @param version its version
	 * @param langVersion its language runtime's version
	 */
	public record ClientDescriptor(@Nullable String type, @Nullable String version, @Nullable String langVersion) {
	}

	/**
	 * The services.
	 * @param services the services, by full name
	 */
	public record ServicesDescriptor(List<ServiceDescriptor> services) implements OperationResponseBody {
	}

	/**
	 * A service, over every node that offers it.
	 * @param fullName its full name ({@code v2.greeter})
	 * @param name its name
	 * @param version its version, or {@code null}
	 * @param nodes the nodes that offer it
	 */
	public record ServiceDescriptor(String fullName, String name, @Nullable String version, List<String> nodes) {
	}

	/**
	 * The actions.
	 * @param actions the actions, by name
	 */
	public record ActionsDescriptor(List<ActionDescriptor> actions) implements OperationResponseBody {
	}

	/**
	 * An action and its endpoints.
	 * @param name the action name
	 * @param endpoints one per node that offers it
	 */
	public record ActionDescriptor(String name, List<ActionEndpointDescriptor> endpoints) {
	}

	/**
	 * One node's copy of an action.
	 * @param nodeID the node
	 * @param service the service's full name
	 * @param local whether it is on this node
	 * @param available whether it can take calls now (node online, breaker not open)
	 * @param circuitBreaker the state of this node's circuit breaker for it: {@code CLOSED},
	 * {@code OPEN} or {@code HALF_OPEN}
	 */
	public record ActionEndpointDescriptor(String nodeID, String service, boolean local, boolean available,
			String circuitBreaker) {
	}

	/**
	 * The event subscriptions.
	 * @param events the subscriptions, by event name and group
	 */
	public record EventsDescriptor(List<EventDescriptor> events) implements OperationResponseBody {
	}

	/**
	 * An event subscription of one group.
	 * @param name the event name or pattern
	 * @param group the group
	 * @param endpoints one per node whose group subscribes
	 */
	public record EventDescriptor(String name, String group, List<EventEndpointDescriptor> endpoints) {
	}

	/**
	 * One node's handler of an event.
	 * @param nodeID the node
	 * @param service the service's full name
	 * @param local whether it is on this node
	 * @param available whether its node is online
	 */
	public record EventEndpointDescriptor(String nodeID, String service, boolean local, boolean available) {
	}

}
