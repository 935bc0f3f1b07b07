package io.github.moleculerspring.test.autoconfigure.example;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.autoconfigure.NatsTransporterFactory;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.test.autoconfigure.MoleculerTestAutoConfiguration;
import io.github.moleculerspring.test.autoconfigure.MoleculerTest;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code moleculer.transporter} pointing at NATS, from the test's {@code properties} (and, below
 * them, from this module's test {@code application.yaml}), does not reach the slice: the broker
 * runs on the slice's own in-JVM bus. The NATS URLs point at ports nothing listens on, and the start
 * timeout is short, so a broker that tried NATS would fail this context within seconds.
 */
@MoleculerTest(services = GreeterService.class, properties = "moleculer.transporter=nats://127.0.0.1:2")
class MoleculerTestTransporterOverrideTests {

	@Autowired
	private ServiceBroker broker;

	@Autowired
	private LocalBus bus;

	@Autowired
	private Environment environment;

	@Autowired
	private ApplicationContext context;

	@Test
	void natsTransporterIsReplacedByThePrivateInJvmBus() {
		assertThat(this.environment.getProperty("moleculer.transporter")).isEqualTo("nats://127.0.0.1:2");
		assertThat(this.environment.getProperty("moleculer.start-timeout")).isEqualTo("3");
		assertThat(this.broker.isConnected()).isTrue();
		assertThat(this.broker.transit()).isNotNull();
		assertThat(this.broker.transit().transporter()).isInstanceOfSatisfying(LocalTransporter.class,
				(transporter) -> assertThat(transporter.bus()).isSameAs(this.bus));
		assertThat(this.bus.name()).startsWith(MoleculerTestAutoConfiguration.BUS_PREFIX);
		assertThat(this.context.getBeansOfType(NatsTransporterFactory.class)).isEmpty();
	}

	@Test
	void servicesAnswerOnTheInJvmBroker() throws Exception {
		assertThat(this.broker.call("greeter.hello", Map.of("name", "Ann")).get(5, TimeUnit.SECONDS))
			.isEqualTo("Hello Ann");
	}

}
