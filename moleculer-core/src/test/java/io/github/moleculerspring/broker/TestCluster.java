package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;

import static org.awaitility.Awaitility.await;

/** Brokers on a private in-JVM bus, with fast discovery and liveness settings, stopped together. */
final class TestCluster implements AutoCloseable {

	private final LocalBus bus;

	private final Supplier<Transporter> transporters;

	private final String namespace;

	private final List<ServiceBroker> brokers = new ArrayList<>();

	/** Brokers on a private in-JVM bus. */
	TestCluster(String name) {
		this.bus = new LocalBus(name);
		this.transporters = () -> new LocalTransporter(this.bus);
		this.namespace = "";
	}

	/**
	 * Brokers on another transport (a real nats-server), one transporter each, in their own
	 * namespace.
	 * @param namespace the namespace, which also names the in-JVM bus that remains available
	 * @param transporters creates each broker's transporter
	 */
	TestCluster(String namespace, Supplier<Transporter> transporters) {
		this.bus = new LocalBus(namespace);
		this.transporters = transporters;
		this.namespace = namespace;
	}

	LocalBus bus() {
		return this.bus;
	}

	/** Creates (not starts) a broker with the given services. */
	ServiceBroker broker(String nodeID, Consumer<BrokerOptions.Builder> options, ServiceDefinition... services) {
		BrokerOptions.Builder builder = BrokerOptions.builder()
			.nodeID(nodeID)
			.namespace(this.namespace)
			.transporter(this.transporters.get())
			.discoveryWait(Duration.ofMillis(50))
			.serviceChangedDebounce(Duration.ofMillis(20))
			.heartbeatInterval(Duration.ofMillis(500))
			.heartbeatTimeout(Duration.ofSeconds(2))
			.stopDelay(Duration.ofMillis(20))
			.shutdownTimeout(Duration.ofSeconds(2));
		options.accept(builder);
		ServiceBroker broker = new ServiceBroker(builder.build());
		for (ServiceDefinition service : services) {
			broker.createService(service);
		}
		this.brokers.add(broker);
		return broker;
	}

	ServiceBroker broker(String nodeID, ServiceDefinition... services) {
		return broker(nodeID, (options) -> {
		}, services);
	}

	/** Starts every broker and waits until each sees every other with its actions. */
	void startAll() throws Exception {
		for (ServiceBroker broker : this.brokers) {
			broker.start().get(10, TimeUnit.SECONDS);
		}
		awaitDiscovery();
	}

	void awaitDiscovery() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.brokers.stream()
			.allMatch((broker) -> this.brokers.stream()
				.filter((other) -> other != broker && other.isStarted())
				.allMatch((other) -> broker.registry().getNode(other.nodeID()) != null
						&& broker.registry().getNode(other.nodeID()).isAvailable()
						&& broker.registry().getNode(other.nodeID()).services().size() == other.registry()
							.localServiceInfos()
							.size())));
	}

	@Override
	public void close() {
		for (ServiceBroker broker : this.brokers) {
			broker.close();
		}
	}

}
