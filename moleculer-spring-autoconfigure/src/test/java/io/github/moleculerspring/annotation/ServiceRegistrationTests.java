package io.github.moleculerspring.annotation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.ServiceBrokerCustomizer;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.service.ServiceDefinition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for when {@link MoleculerServiceBeanPostProcessor} registers services: collected while
 * beans are created, registered once every singleton exists, so that neither a service bean that
 * needs the broker nor one that the broker's customizers need makes an early {@code getBean} cycle;
 * a bean created later is registered at once.
 */
class ServiceRegistrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class));

	@Test
	void aServiceBeanMayDependOnTheBroker() {
		this.contextRunner.withBean(BrokerAwareService.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "brokerAware.node", null)).isEqualTo(broker.nodeID());
		});
	}

	@Test
	void aServiceBeanThatABrokerCustomizerDependsOnIsRegistered() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.options().metadata()).containsEntry("greeting", "Hi");
			assertThat(call(broker, "prefix.greet", Map.of("name", "Ann"))).isEqualTo("Hi Ann");
		});
	}

	@Test
	void bothKindsTogetherAreRegisteredBeforeTheBrokerStarts() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
			.withBean(BrokerAwareService.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				assertThat(broker.isStarted()).isTrue();
				List<String> names = broker.registry()
					.localServiceDefinitions()
					.stream()
					.map(ServiceDefinition::fullName)
					.filter((name) -> !name.startsWith("$"))
					.toList();
				assertThat(names).containsExactlyInAnyOrder("prefix", "brokerAware");
			});
	}

	@Test
	void aLazyServiceBeanIsRegisteredWhenItIsCreated() {
		this.contextRunner.withBean(LazyService.class, LazyService::new, (definition) -> definition.setLazyInit(true))
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				Throwable notYet = catchThrowable(() -> call(broker, "lazy.ping", null));
				assertThat(MoleculerErrors.unwrap(notYet)).isInstanceOf(ServiceNotFoundError.class);
				context.getBean(LazyService.class);
				assertThat(call(broker, "lazy.ping", null)).isEqualTo("pong");
			});
	}

	private static @Nullable Object call(ServiceBroker broker, String action, @Nullable Object params) throws Exception {
		return broker.call(action, params).get(5, TimeUnit.SECONDS);
	}

	@MoleculerService
	static class BrokerAwareService {

		private final ServiceBroker broker;

		BrokerAwareService(ServiceBroker broker) {
			this.broker = broker;
		}

		@Action
		public String node() {
			return this.broker.nodeID();
		}

	}

	@MoleculerService("prefix")
	static class PrefixService {

		String greeting() {
			return "Hi";
		}

		@Action
		public String greet(@Param("name") String name) {
			return greeting() + " " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		PrefixService prefixService() {
			return new PrefixService();
		}

		@Bean
		ServiceBrokerCustomizer greetingMetadata(PrefixService prefixService) {
			return (builder) -> builder.metadata(Map.of("greeting", prefixService.greeting()));
		}

	}

	@MoleculerService
	static class LazyService {

		@Action
		public String ping() {
			return "pong";
		}

	}

}
