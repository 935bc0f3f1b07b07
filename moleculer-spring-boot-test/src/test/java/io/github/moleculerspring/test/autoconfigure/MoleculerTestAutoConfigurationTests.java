package io.github.moleculerspring.test.autoconfigure;

import java.time.Duration;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.test.tester.EventRecorder;
import io.github.moleculerspring.test.tester.MoleculerTester;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MoleculerTestAutoConfiguration}: the defaults of {@code moleculer.test.*}, bad values
 * failing startup with the key, and the slice's transporter winning over one of the application.
 */
class MoleculerTestAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
				MoleculerTestAutoConfiguration.class));

	@Test
	void defaults() {
		MoleculerTestProperties properties = new MoleculerTestProperties();
		assertThat(properties.getTimeout()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(MoleculerTester.DEFAULT_TIMEOUT);
		assertThat(properties.getEventCapacity()).isEqualTo(10_000).isEqualTo(EventRecorder.DEFAULT_CAPACITY);
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MoleculerTester.class).hasSingleBean(EventRecorder.class);
			assertThat(context.getBean(MoleculerTester.class).timeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void timeoutIsInMillisecondsByDefault() {
		this.contextRunner.withPropertyValues("moleculer.test.timeout=250")
			.run((context) -> assertThat(context.getBean(MoleculerTester.class).timeout())
				.isEqualTo(Duration.ofMillis(250)));
	}

	@Test
	void nonPositiveTimeoutFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("moleculer.test.timeout=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("moleculer.test.timeout");
		});
	}

	@Test
	void eventCapacityBelowOneFailsStartupNamingTheKey() {
		this.contextRunner.withPropertyValues("moleculer.test.event-capacity=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("moleculer.test.event-capacity");
		});
	}

	@Test
	void sliceTransporterWinsOverATransporterBeanOfTheApplication() {
		this.contextRunner.withUserConfiguration(ApplicationTransporter.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Transporter used = broker.transit().transporter();
			assertThat(used).isSameAs(context.getBean("moleculerTestTransporter"));
			assertThat(((LocalTransporter) used).bus().name()).startsWith(MoleculerTestAutoConfiguration.BUS_PREFIX);
		});
	}

	@Test
	void eachContextGetsItsOwnBus() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> assertThat(
				((LocalTransporter) second.getBean(ServiceBroker.class).transit().transporter()).bus())
			.isNotSameAs(((LocalTransporter) first.getBean(ServiceBroker.class).transit().transporter()).bus())));
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationTransporter {

		@Bean
		Transporter applicationTransporter() {
			return new LocalTransporter(new io.github.moleculerspring.transport.local.LocalBus("application"));
		}

	}

}
