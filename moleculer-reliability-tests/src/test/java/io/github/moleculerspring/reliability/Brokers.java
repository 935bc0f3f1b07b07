package io.github.moleculerspring.reliability;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.fault.RetryPolicy;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.transport.nats.NatsTransporter;
import io.github.moleculerspring.transport.nats.NatsTransporterOptions;

import static org.awaitility.Awaitility.await;

/** Brokers in the test JVM and waits on what they see. */
final class Brokers {

	/** Calls time out after this; every "fast failure" assert compares with it. */
	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private Brokers() {
	}

	/** Retries as Moleculer's defaults (5, from 100 ms doubling up to 1 s), enabled. */
	static RetryPolicy retries() {
		return RetryPolicy.defaults().withEnabled(true);
	}

	/** Options of a caller: 1 s heartbeats, 3 s heartbeat timeout, 10 s request timeout. */
	static BrokerOptions.Builder options(String nodeID, NatsTransporterOptions nats, boolean retries) {
		return BrokerOptions.builder()
			.nodeID(nodeID)
			.transporter(new NatsTransporter(nats))
			.requestTimeout(REQUEST_TIMEOUT)
			.heartbeatInterval(Duration.ofSeconds(1))
			.heartbeatTimeout(Duration.ofSeconds(3))
			.retryPolicy(retries ? retries() : RetryPolicy.defaults());
	}

	static NatsTransporterOptions nats(String urls) {
		return NatsTransporterOptions.builder().servers(List.of(urls.split(","))).reconnectWait(Duration.ofMillis(250))
			.build();
	}

	static ServiceBroker start(BrokerOptions options) {
		ServiceBroker broker = new ServiceBroker(options);
		try {
			broker.start().get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return broker;
	}

	/** Waits until {@code action} has an available endpoint on each of the nodes, and only on them. */
	static void awaitEndpoints(ServiceBroker broker, String action, Collection<String> nodeIDs) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			EndpointList<ActionEndpoint> list = broker.registry().getActionEndpoints(action);
			if (list == null) {
				return nodeIDs.isEmpty();
			}
			List<String> available = list.endpoints().stream().filter(ActionEndpoint::isAvailable)
				.map(ActionEndpoint::nodeID).sorted().toList();
			return available.equals(nodeIDs.stream().sorted().toList());
		});
	}

	static String unique() {
		return UUID.randomUUID().toString().substring(0, 6);
	}

}
