package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalTransporterFactory}.
 */
class LocalTransporterFactoryTests {

	private final LocalTransporterFactory factory = new LocalTransporterFactory();

	@Test
	void busNameComesFromTheUrl() {
		assertThat(LocalTransporterFactory.busName("local")).isEqualTo("default");
		assertThat(LocalTransporterFactory.busName("local://")).isEqualTo("default");
		assertThat(LocalTransporterFactory.busName("local://orders")).isEqualTo("orders");
		assertThat(LocalTransporterFactory.busName("local://orders/")).isEqualTo("orders");
	}

	@Test
	void createsATransporterOnTheJvmWideBus() {
		LocalTransporter transporter = (LocalTransporter) this.factory.create("local://factory-bus");
		assertThat(transporter.bus()).isSameAs(LocalBus.named("factory-bus"));
		assertThat(transporter.isConnected()).isFalse();
	}

	@Test
	void schemeIsThePartBeforeTheSeparatorInLowerCase() {
		assertThat(MoleculerAutoConfiguration.scheme("NATS")).isEqualTo("nats");
		assertThat(MoleculerAutoConfiguration.scheme("nats://localhost:4222")).isEqualTo("nats");
		assertThat(MoleculerAutoConfiguration.scheme("Local://x")).isEqualTo("local");
	}

}
