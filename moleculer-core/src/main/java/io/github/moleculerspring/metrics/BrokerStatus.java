package io.github.moleculerspring.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.ServiceItem;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a running broker: its state, the nodes, services and endpoints it knows, its
 * circuit breakers and its transit counters. Metrics and Actuator read it, so that they need neither
 * the registry nor the transit themselves. {@code ServiceBroker.status()} returns it; every figure is
 * read live.
 */
public interface BrokerStatus {

	/** Whether the broker has started and not begun stopping. */
	boolean isStarted();

	/** Whether the broker has a transporter that is connected now ({@code true} without a transporter). */
	boolean isConnected();

	/** Whether the broker has a transporter; without one the transit counters stay {@code 0}. */
	boolean hasTransporter();

	/** The type of the transporter ({@code NATS}, {@code Local}), never a URL; {@code null} without one. */
	@Nullable String transporterName();

	/** The nodes the broker knows, this one included, online or not. */
	Collection<Node> nodes();

	/**
	 * A node's CPU usage in percent. A remote node's is what its last HEARTBEAT said; this node's is
	 * what its own last HEARTBEAT sent, measured now when no heartbeat has sent one within the
	 * heartbeat interval (no transporter, or before the first heartbeat).
	 * @param node one of {@link #nodes()}
	 * @return the usage, or {@code null} when not known
	 */
	@Nullable Integer cpu(Node node);

	/** The services of every node, one item per node that offers it. */
	List<ServiceItem> services();

	/** The full names of this node's services, in registration order. */
	List<String> localServices();

	/** The number of this node's services. */
	int localServiceCount();

	/** The endpoints of every action, by action name. */
	Map<String, EndpointList<ActionEndpoint>> actions();

	/** The endpoints of every event subscription, one list per event name and group. */
	List<EndpointList<EventEndpoint>> eventLists();

	/**
	 * The state of the circuit breaker of one node's copy of an action.
	 * @param nodeID the node
	 * @param action the action name
	 * @return {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
	 */
	String circuitBreakerState(String nodeID, String action);

	/** The circuit breakers open now. */
	long openCircuitBreakers();

	/** The circuit breakers half-open now. */
	long halfOpenCircuitBreakers();

	/** How many times a circuit breaker has opened since the broker was created. */
	long circuitBreakersOpenedTotal();

	/** The requests sent and waiting for their response. */
	int pendingRequests();

	/** The packets sent. */
	long packetsSent();

	/** The packets received. */
	long packetsReceived();

	/** The bytes of the packets sent. */
	long bytesSent();

	/** The bytes of the packets received. */
	long bytesReceived();

	/** The packets received and dropped (unknown subject, foreign version, executor stopped). */
	long droppedPackets();

	/** The packets received that could not be decoded. */
	long invalidPackets();

}
