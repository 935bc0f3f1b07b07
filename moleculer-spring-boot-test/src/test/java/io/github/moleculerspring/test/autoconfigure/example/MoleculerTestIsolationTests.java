package io.github.moleculerspring.test.autoconfigure.example;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.test.tester.MoleculerTester;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@code @MoleculerTest} contexts alive at the same time in one JVM, one with {@code greeter}
 * (this class) and one with {@code audit} ({@link OtherSlice}, loaded through the TestContext
 * framework as a test class would be): each broker is on a bus of its own, so neither sees the
 * other's services, while a third broker that joins one of the buses does see that slice's
 * services (the buses do carry the slices' traffic).
 */
@MoleculerTest(services = GreeterService.class, properties = "moleculer.node-id=slice-a")
class MoleculerTestIsolationTests {

	@Autowired
	private MoleculerTester tester;

	@Autowired
	private LocalBus bus;

	@Test
	void slicesWithDifferentContextsDoNotSeeEachOther() throws Exception {
		ApplicationContext other = new TestContextManager(OtherSlice.class).getTestContext().getApplicationContext();
		MoleculerTester otherTester = other.getBean(MoleculerTester.class);
		LocalBus otherBus = other.getBean(LocalBus.class);
		assertThat(otherBus).isNotSameAs(this.bus);
		assertThat(otherBus.name()).isNotEqualTo(this.bus.name());
		assertThat(otherTester.call("audit.names", null)).isNotNull();

		try (ServiceBroker probe = join(this.bus, "probe-a")) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(probe.registry().getNode("slice-a")).isNotNull());
			assertThat(probe.call("greeter.hello", Map.of("name", "Ann")).get(5, TimeUnit.SECONDS))
				.isEqualTo("Hello Ann");
			assertThat(probe.registry().getNode("slice-b")).isNull();
			assertThat(this.tester.broker().registry().getNode("slice-b")).isNull();
		}
		try (ServiceBroker probe = join(otherBus, "probe-b")) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(probe.registry().getNode("slice-b")).isNotNull());
			assertThat(probe.registry().getNode("slice-a")).isNull();
		}
		assertThat(this.tester.callExpectingError("audit.names", null)).isInstanceOf(ServiceNotFoundError.class);
		assertThat(otherTester.callExpectingError("greeter.hello", Map.of("name", "Ann")))
			.isInstanceOf(ServiceNotFoundError.class);
	}

	private static ServiceBroker join(LocalBus bus, String nodeID) throws Exception {
		ServiceBroker broker = new ServiceBroker(
				BrokerOptions.builder().nodeID(nodeID).transporter(new LocalTransporter(bus)).build());
		broker.start().get(5, TimeUnit.SECONDS);
		return broker;
	}

	/** The second slice: {@code audit} only, as another node. */
	@MoleculerTest(services = AuditService.class, properties = "moleculer.node-id=slice-b")
	static class OtherSlice {

	}

}
