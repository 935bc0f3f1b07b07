package io.github.moleculerspring.autoconfigure.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.actuate.health.MoleculerHealthIndicator;
import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.MoleculerNatsAutoConfiguration;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MoleculerHealthContributorAutoConfiguration} and {@link MoleculerHealthIndicator},
 * against a real nats-server for the transporter cases.
 */
class MoleculerHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
				MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class,
				MoleculerHealthContributorAutoConfiguration.class))
		.withPropertyValues("moleculer.heartbeat-interval=1", "moleculer.heartbeat-timeout=3");

	@Test
	void registersTheMoleculerHealthIndicator() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MoleculerHealthIndicator.class);
			assertThat(context).hasBean("moleculerHealthIndicator");
		});
	}

	@Test
	void managementHealthMoleculerEnabledFalseTurnsItOff() {
		this.contextRunner.withPropertyValues("management.health.moleculer.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MoleculerHealthIndicator.class));
	}

	@Test
	void managementHealthDefaultsEnabledFalseTurnsItOff() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MoleculerHealthIndicator.class));
	}

	@Test
	void withoutSpringBootHealthOnTheClasspathThereIsNoIndicator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(ServiceBroker.class);
				assertThat(context).doesNotHaveBean(MoleculerHealthIndicator.class);
			});
	}

	@Test
	void withoutABrokerThereIsNoIndicator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MoleculerHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MoleculerHealthIndicator.class));
	}

	@Test
	void anApplicationIndicatorNamedMoleculerHealthIndicatorReplacesIt() {
		this.contextRunner
			.withBean("moleculerHealthIndicator", HealthIndicator.class, () -> () -> Health.outOfService().build())
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MoleculerHealthIndicator.class);
				assertThat(context.getBean("moleculerHealthIndicator", HealthIndicator.class).health().getStatus())
					.isEqualTo(Status.OUT_OF_SERVICE);
			});
	}

	@Test
	void upWithoutTransporterWithTheBrokersDetails() {
		this.contextRunner.withUserConfiguration(ServicesConfiguration.class)
			.withPropertyValues("moleculer.node-id=health-local", "moleculer.namespace=shop")
			.run((context) -> {
				Health health = context.getBean(MoleculerHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("nodeID", "health-local")
					.containsEntry("namespace", "shop")
					.containsEntry("transporter", "none")
					.containsEntry("protocolVersion", "5")
					.containsEntry("nodes", Map.of("known", 1, "online", 1))
					.containsEntry("localServices", java.util.List.of("$node", "inventory"))
					.doesNotContainKey("reason");
			});
	}

	@Test
	void downWhenTheBrokerHasNotStarted() {
		ServiceBroker broker = new ServiceBroker(BrokerOptions.builder().nodeID("not-started").build());
		try {
			Health health = new MoleculerHealthIndicator(broker).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", "The broker is not started")
				.containsEntry("nodeID", "not-started");
		}
		finally {
			broker.close();
		}
	}

	@Test
	void downAfterTheBrokerStops() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			MoleculerHealthIndicator indicator = context.getBean(MoleculerHealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			broker.stop().get(30, TimeUnit.SECONDS);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void countsTheNodesKnownAndOnline() {
		String bus = "local://health-" + System.nanoTime();
		this.contextRunner.withPropertyValues("moleculer.transporter=" + bus, "moleculer.node-id=health-a")
			.run((a) -> {
				MoleculerHealthIndicator indicator = a.getBean(MoleculerHealthIndicator.class);
				this.contextRunner.withPropertyValues("moleculer.transporter=" + bus, "moleculer.node-id=health-b")
					.run((b) -> await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(indicator.health().getDetails()).containsEntry("nodes",
								Map.of("known", 2, "online", 2))));
				// health-b has stopped (DISCONNECT): still known, no longer online.
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(indicator.health().getDetails()).containsEntry("nodes",
							Map.of("known", 2, "online", 1)));
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("transporter", "Local");
			});
	}

	@ParameterizedTest(name = "sigkill={0}")
	@ValueSource(booleans = { false, true })
	void downWhileNatsIsDisconnectedAndUpAgainAfterReconnectWithoutCredentialsInDetails(boolean sigkill) {
		try (NatsServer nats = NatsServer.launch(null, "--user", "app", "--pass", "s3cret")) {
			String url = "nats://app:s3cret@127.0.0.1:" + nats.port();
			this.contextRunner
				.withPropertyValues("moleculer.transporter=" + url, "moleculer.node-id=health-nats",
						"moleculer.nats.reconnect-wait=200")
				.run((context) -> {
					MoleculerHealthIndicator indicator = context.getBean(MoleculerHealthIndicator.class);
					Health up = indicator.health();
					assertThat(up.getStatus()).isEqualTo(Status.UP);
					assertThat(up.getDetails()).containsEntry("transporter", "NATS");
					assertNoSecrets(up, nats);

					if (sigkill) {
						// A crash: nats-server gets no chance to close the connection itself.
						assertThat(nats.kill()).isEqualTo(128 + 9);
					}
					else {
						nats.stop();
					}
					await().atMost(Duration.ofSeconds(30))
						.until(() -> indicator.health().getStatus().equals(Status.DOWN));
					Health down = indicator.health();
					assertThat(down.getDetails()).containsEntry("reason", "The NATS transporter is disconnected")
						.containsEntry("nodeID", "health-nats");
					assertNoSecrets(down, nats);

					nats.start();
					await().atMost(Duration.ofSeconds(60))
						.until(() -> indicator.health().getStatus().equals(Status.UP));
					Health again = indicator.health();
					assertThat(again.getDetails()).doesNotContainKey("reason");
					assertNoSecrets(again, nats);
				});
		}
	}

	private static void assertNoSecrets(Health health, NatsServer nats) {
		assertThat(health.toString()).doesNotContain("s3cret")
			.doesNotContain("app:")
			.doesNotContain(String.valueOf(nats.port()));
	}

	@Configuration(proxyBeanMethods = false)
	@Import(InventoryService.class)
	static class ServicesConfiguration {

	}

	@MoleculerService("inventory")
	static class InventoryService {

		@Action
		int stock() {
			return 3;
		}

	}

}
