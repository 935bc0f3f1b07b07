package io.github.moleculerspring.metrics;

import java.util.HashSet;
import java.util.Set;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.registry.ServiceItem;
import io.github.moleculerspring.transport.Transit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Moleculer's broker, registry, transit and transporter gauges and counters over a running broker:
 * {@code moleculer.registry.nodes.total/online.total}, {@code services/actions/events.total},
 * {@code moleculer.transit.requests.active}, {@code moleculer.transit.connected},
 * {@code moleculer.transporter.packets.sent/received.total/bytes}, and the circuit breaker gauges.
 * No node IDs or parameters appear in tags.
 */
public final class BrokerMeterBinder implements MeterBinder {

	private final ServiceBroker broker;

	public BrokerMeterBinder(ServiceBroker broker) {
		this.broker = broker;
	}

	@Override
	public void bindTo(MeterRegistry meters) {
		ServiceBroker broker = this.broker;
		Registry registry = broker.registry();
		Gauge.builder(MoleculerMetrics.BROKER_STARTED, broker, (b) -> b.isStarted() ? 1 : 0).register(meters);
		Gauge.builder(MoleculerMetrics.BROKER_LOCAL_SERVICES_TOTAL, registry,
				(r) -> r.localServiceDefinitions().size()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_NODES_TOTAL, registry, (r) -> r.nodes().size()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_NODES_ONLINE_TOTAL, registry,
				(r) -> r.nodes().stream().filter(Node::isAvailable).count()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_SERVICES_TOTAL, registry, BrokerMeterBinder::distinctServices)
			.register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_ACTIONS_TOTAL, registry, (r) -> r.actions().size()).register(meters);
		Gauge.builder(MoleculerMetrics.REGISTRY_EVENTS_TOTAL, registry, (r) -> r.eventLists().size()).register(meters);
		Gauge.builder(MoleculerMetrics.CIRCUIT_BREAKER_OPENED_ACTIVE, broker,
				(b) -> b.circuitBreakers().openCount()).register(meters);
		Gauge.builder(MoleculerMetrics.CIRCUIT_BREAKER_HALF_OPENED_ACTIVE, broker,
				(b) -> b.circuitBreakers().halfOpenCount()).register(meters);
		FunctionCounter.builder(MoleculerMetrics.CIRCUIT_BREAKER_OPENED_TOTAL, broker,
				(b) -> b.circuitBreakers().openedTotal()).register(meters);
		Transit transit = broker.transit();
		if (transit != null) {
			Gauge.builder(MoleculerMetrics.TRANSIT_REQUESTS_ACTIVE, transit, Transit::pendingCount).register(meters);
			Gauge.builder(MoleculerMetrics.TRANSIT_CONNECTED, transit, (t) -> t.isConnected() ? 1 : 0).register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSIT_PUBLISH_TOTAL, transit, Transit::packetsSent)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSIT_RECEIVE_TOTAL, transit, Transit::packetsReceived)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSPORTER_PACKETS_SENT_TOTAL, transit, Transit::packetsSent)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSPORTER_PACKETS_SENT_BYTES, transit, Transit::bytesSent)
				.baseUnit("bytes")
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSPORTER_PACKETS_RECEIVED_TOTAL, transit, Transit::packetsReceived)
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSPORTER_PACKETS_RECEIVED_BYTES, transit, Transit::bytesReceived)
				.baseUnit("bytes")
				.register(meters);
			FunctionCounter.builder(MoleculerMetrics.TRANSIT_DROPPED_TOTAL, transit,
					(t) -> t.droppedPackets() + t.invalidPackets()).register(meters);
		}
	}

	private static int distinctServices(Registry registry) {
		Set<String> names = new HashSet<>();
		for (ServiceItem service : registry.services()) {
			names.add(service.fullName());
		}
		return names.size();
	}

}
