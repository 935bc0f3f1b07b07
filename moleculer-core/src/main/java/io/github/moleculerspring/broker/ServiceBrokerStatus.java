package io.github.moleculerspring.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.metrics.BrokerStatus;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.CpuUsage;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.ServiceItem;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.Transit;
import org.jspecify.annotations.Nullable;

/** The {@link BrokerStatus} of one {@link ServiceBroker}, read live from its registry, transit and breakers. */
final class ServiceBrokerStatus implements BrokerStatus {

	private final ServiceBroker broker;

	ServiceBrokerStatus(ServiceBroker broker) {
		this.broker = broker;
	}

	@Override
	public boolean isStarted() {
		return this.broker.isStarted();
	}

	@Override
	public boolean isConnected() {
		return this.broker.isConnected();
	}

	@Override
	public boolean hasTransporter() {
		return this.broker.transit() != null;
	}

	@Override
	public @Nullable String transporterName() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.transporter().name() : null;
	}

	@Override
	public Collection<Node> nodes() {
		return this.broker.registry().nodes();
	}

	@Override
	public @Nullable Integer cpu(Node node) {
		if (node.isLocal() && (node.cpu() == null || System.currentTimeMillis()
				- node.cpuUpdatedMillis() > this.broker.options().heartbeatInterval().toMillis())) {
			this.broker.registry().updateLocalCpu(CpuUsage.current());
		}
		return node.cpu();
	}

	@Override
	public List<ServiceItem> services() {
		return this.broker.registry().services();
	}

	@Override
	public List<String> localServices() {
		return this.broker.registry().localServiceDefinitions().stream().map(ServiceDefinition::fullName).toList();
	}

	@Override
	public int localServiceCount() {
		return this.broker.registry().localServiceDefinitions().size();
	}

	@Override
	public Map<String, EndpointList<ActionEndpoint>> actions() {
		return this.broker.registry().actions();
	}

	@Override
	public List<EndpointList<EventEndpoint>> eventLists() {
		return this.broker.registry().eventLists();
	}

	@Override
	public String circuitBreakerState(String nodeID, String action) {
		return this.broker.circuitBreakers().state(nodeID, action).name();
	}

	@Override
	public long openCircuitBreakers() {
		return this.broker.circuitBreakers().openCount();
	}

	@Override
	public long halfOpenCircuitBreakers() {
		return this.broker.circuitBreakers().halfOpenCount();
	}

	@Override
	public long circuitBreakersOpenedTotal() {
		return this.broker.circuitBreakers().openedTotal();
	}

	@Override
	public int pendingRequests() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.pendingCount() : 0;
	}

	@Override
	public long packetsSent() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.packetsSent() : 0;
	}

	@Override
	public long packetsReceived() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.packetsReceived() : 0;
	}

	@Override
	public long bytesSent() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.bytesSent() : 0;
	}

	@Override
	public long bytesReceived() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.bytesReceived() : 0;
	}

	@Override
	public long droppedPackets() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.droppedPackets() : 0;
	}

	@Override
	public long invalidPackets() {
		Transit transit = this.broker.transit();
		return (transit != null) ? transit.invalidPackets() : 0;
	}

}
