package io.github.moleculerspring.test.autoconfigure;

import java.util.UUID;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.test.tester.EventRecorder;
import io.github.moleculerspring.test.tester.MoleculerTester;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Auto-configuration of the {@link MoleculerTest @MoleculerTest} slice, imported only by
 * {@link AutoConfigureMoleculer @AutoConfigureMoleculer} (never by an application's own
 * auto-configuration):
 * <ul>
 * <li>a {@link LocalBus} of its own (a private object, not one of the JVM-wide named buses) and a
 * {@link Primary @Primary} {@link LocalTransporter} on it, which the broker takes before whatever
 * {@code moleculer.transporter} says, so a test never connects to NATS and two test contexts never
 * see each other's services, even when they run at the same time;</li>
 * <li>an {@link EventRecorder} registered in the broker, and a {@link MoleculerTester}, both bounded
 * by {@code moleculer.test.*}.</li>
 * </ul>
 */
@AutoConfiguration(before = MoleculerAutoConfiguration.class)
@EnableConfigurationProperties(MoleculerTestProperties.class)
public final class MoleculerTestAutoConfiguration {

	/** The prefix of the name of each context's bus; a random suffix makes it unique. */
	public static final String BUS_PREFIX = "moleculer-test-";

	@Bean
	@ConditionalOnMissingBean
	LocalBus moleculerTestBus() {
		return new LocalBus(BUS_PREFIX + UUID.randomUUID());
	}

	@Bean
	@Primary
	Transporter moleculerTestTransporter(LocalBus moleculerTestBus) {
		return new LocalTransporter(moleculerTestBus);
	}

	@Bean
	@ConditionalOnMissingBean
	EventRecorder moleculerEventRecorder(ServiceBroker broker, MoleculerTestProperties properties) {
		check(properties);
		return EventRecorder.attach(broker, properties.getEventCapacity(), properties.getTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	MoleculerTester moleculerTester(ServiceBroker broker, EventRecorder moleculerEventRecorder,
			MoleculerTestProperties properties) {
		check(properties);
		return new MoleculerTester(broker, moleculerEventRecorder, properties.getTimeout());
	}

	private static void check(MoleculerTestProperties properties) {
		if (properties.getTimeout().isNegative() || properties.getTimeout().isZero()) {
			throw new InvalidConfigurationPropertyValueException("moleculer.test.timeout", properties.getTimeout(),
					"must be positive");
		}
		if (properties.getEventCapacity() < 1) {
			throw new InvalidConfigurationPropertyValueException("moleculer.test.event-capacity",
					properties.getEventCapacity(), "must be at least 1");
		}
	}

}
