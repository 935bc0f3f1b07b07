package io.github.moleculerspring.metrics;

import java.util.HashSet;
import java.util.Set;

import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.ServiceItem;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Moleculer's broker, registry, transit and transporter gauges and counters over a running broker:
 * {@code moleculer.registry.nodes.total/online.total}, {@code services/actions/events.total},
 * {@code moleculer.transit.requests.active}, {@code moleculer.transit.connected},
 * {@code moleculer.transporter.packets.sent/received.total/bytes}, and the circuit breaker gauges.
 * No node IDs or parameters appear in tags. It reads the broker through its {@link BrokerStatus}.
 */
public final class BrokerMeterBinder implements MeterBinder {

	private final BrokerStatus status;

	/**
	 * Creates the binder.
	 * @param status the broker's status ({@code ServiceBroker.status()}); the meters hold it weakly, as
	 * Micrometer's gauges do, so the broker keeps it
	 */
	public BrokerMeterBinder(BrokerStatus status) {
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		BrokerStatus status = this.status;
		Gauge.builder(MoleculerMetrics.BROKER_STARTED, status, (s) -> s.isStarted() ? 1 : 0).register(meters);
		Gauge.builder(MoleculerMetrics.BROKER_LOCAL_SERVICES_TOTAL, status, BrokerStatus::localServiceCount)
			.register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_NODES_TOTAL, status, (s) -> s.nodes().size()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_NODES_ONLINE_TOTAL, status,
				(s) -> s.nodes().stream().filter(Node::isAvailable).count()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_SERVICES_TOTAL, status, BrokerMeterBinder::distinctServices)
			.register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_ACTIONS_TOTAL, status, (s) -> s.actions().size()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_EVENTS_TOTAL, status, (s) -> s.eventLists().size()).register(meters);
		Gauge.builder(MoleculerMetrics.CIRCUIT_BREAKER_OPENED_ACTIVE, status, BrokerStatus::openCircuitBreakers)
			.register(meters);
		Gauge.builder(MoleculerMetrics.CIRCUIT_BREAKER_HALF_OPENED_ACTIVE, status,
				BrokerStatus::halfOpenCircuitBreakers).register(meters);
		FunctionCounter.builder(MoleculerMetrics.CIRCUIT_BREAKER_OPENED_TOTAL, status,
				BrokerStatus::circuitBreakersOpenedTotal).register(meters);
		if (status.hasTransporter()) {
			Gauge.builder(MoleculerMetrics.TRANSIT_REQUESTS_ACTIVE, status, BrokerStatus::pendingRequests)
				.register(meters);
			Gauge.builder(MoleculerMetrics.TRANSIT_CONNECTED, status, (s) -> s.isConnected() ? 1 : 0).register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSIT_PUBLISH_TOTAL, status, BrokerStatus::packetsSent)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSIT_RECEIVE_TOTAL, status, BrokerStatus::packetsReceived)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSPORTER_PACKETS_SENT_TOTAL, status, BrokerStatus::packetsSent)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSPORTER_PACKETS_SENT_BYTES, status, BrokerStatus::bytesSent)
				.baseUnit("bytes")
				.register(meters);
			FunctionCounter
				.builder(MoleculerMetrics.TRANSPORTER_PACKETS_RECEIVED_TOTAL, status, BrokerStatus::packetsReceived)
				.register(meters);
			FunctionCounter
				.builder(MoleculerMetrics.TRANSPORTER_PACKETS_RECEIVED_BYTES, status, BrokerStatus::bytesReceived)
				.baseUnit("bytes")
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSIT_DROPPED_TOTAL, status,
					(s) -> s.droppedPackets() + s.invalidPackets()).register(meters);
		}
	}

	private static int distinctServices(BrokerStatus status) {
		Set<String> names = new HashSet<>();
		for (ServiceItem service : status.services()) {
			names.add(service.fullName());
		}
		return names.size();
	}

}
