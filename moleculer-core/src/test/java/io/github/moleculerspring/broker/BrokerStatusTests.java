package io.github.moleculerspring.broker;

import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.metrics.BrokerStatus;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ServiceBroker#status()} reads the broker's registry, breakers and transit live. */
class BrokerStatusTests {

	private final TestCluster cluster = new TestCluster("status-" + System.nanoTime());

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void statusOfAConnectedBroker() throws Exception {
		ServiceDefinition echo = ServiceDefinition.builder("echo").action("who", (ctx) -> ctx.broker().nodeID()).build();
		ServiceBroker a = this.cluster.broker("a", (o) -> o.internalServices(false));
		this.cluster.broker("b", echo);
		BrokerStatus status = a.status();
		assertThat(status).isSameAs(a.status());
		assertThat(status.isStarted()).isFalse();
		this.cluster.startAll();
		assertThat(a.call("echo.who", null).get(10, TimeUnit.SECONDS)).isEqualTo("b");

		assertThat(status.isStarted()).isTrue();
		assertThat(status.isConnected()).isTrue();
		assertThat(status.hasTransporter()).isTrue();
		assertThat(status.transporterName()).isEqualTo(a.transit().transporter().name());
		assertThat(status.nodes()).extracting(Node::id).containsExactlyInAnyOrder("a", "b");
		assertThat(status.localServices()).isEmpty();
		assertThat(status.localServiceCount()).isZero();
		assertThat(status.actions()).containsKey("echo.who");
		assertThat(status.services()).extracting((s) -> s.fullName()).contains("echo");
		assertThat(status.circuitBreakerState("b", "echo.who")).isEqualTo("CLOSED");
		assertThat(status.openCircuitBreakers()).isZero();
		assertThat(status.packetsSent()).isPositive().isEqualTo(a.transit().packetsSent());
		assertThat(status.packetsReceived()).isPositive();
		assertThat(status.bytesSent()).isPositive();
		assertThat(status.bytesReceived()).isPositive();
		assertThat(status.pendingRequests()).isZero();
		Node local = a.registry().getNode("a");
		assertThat(status.cpu(local)).isNotNull();
	}

	@Test
	void statusOfABrokerWithoutTransporter() throws Exception {
		ServiceDefinition echo = ServiceDefinition.builder("echo").action("who", (ctx) -> ctx.broker().nodeID()).build();
		try (ServiceBroker broker = new ServiceBroker(BrokerOptions.builder().nodeID("alone").build())) {
			broker.createService(echo);
			broker.start().get(10, TimeUnit.SECONDS);
			BrokerStatus status = broker.status();
			assertThat(status.hasTransporter()).isFalse();
			assertThat(status.transporterName()).isNull();
			assertThat(status.isConnected()).isTrue();
			assertThat(status.localServices()).contains("echo", "$node");
			assertThat(status.localServiceCount()).isEqualTo(status.localServices().size());
			assertThat(status.packetsSent()).isZero();
			assertThat(status.pendingRequests()).isZero();
		}
	}

}
