package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code moleculer.registry.prefer-local} in effect: two applications serving the same action over
 * a real nats-server; the caller's calls all stay local with the default ({@code true}) and are
 * balanced over both nodes (RoundRobin: every other call) with {@code false}.
 */
class PreferLocalAutoConfigurationTests {

	private static final int CALLS = 20;

	private static NatsServer nats;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
				MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class))
		.withUserConfiguration(WhereConfiguration.class);

	@BeforeAll
	static void startServer() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopServer() {
		nats.close();
	}

	@Test
	void byDefaultCallsStayOnTheLocalNode() {
		assertThat(callsFromANodeWithBothEndpoints()).hasSize(CALLS).containsOnly("caller");
	}

	@Test
	void preferLocalFalseBalancesCallsOverTheLocalAndTheRemoteNode() {
		List<String> handledBy = callsFromANodeWithBothEndpoints("moleculer.registry.prefer-local=false");

		assertThat(handledBy).hasSize(CALLS);
		assertThat(handledBy).filteredOn("caller"::equals).hasSize(CALLS / 2);
		assertThat(handledBy).filteredOn("remote"::equals).hasSize(CALLS / 2);
	}

	private List<String> callsFromANodeWithBothEndpoints(String... callerProperties) {
		String namespace = "prefer-local-" + System.nanoTime();
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues("moleculer.transporter=" + nats.url(),
				"moleculer.namespace=" + namespace);
		List<String> handledBy = new ArrayList<>();
		runner.withPropertyValues("moleculer.node-id=remote")
			.run((remote) -> runner.withPropertyValues("moleculer.node-id=caller")
				.withPropertyValues(callerProperties)
				.run((caller) -> {
					ServiceBroker broker = caller.getBean(ServiceBroker.class);
					await().atMost(Duration.ofSeconds(20)).until(() -> {
						EndpointList<?> endpoints = broker.registry().getActionEndpoints("where.am");
						return endpoints != null && endpoints.endpoints().size() == 2;
					});
					for (int i = 0; i < CALLS; i++) {
						handledBy.add(broker.call("where.am", null, String.class).get(10, TimeUnit.SECONDS));
					}
				}));
		return handledBy;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(WhereService.class)
	static class WhereConfiguration {

	}

	@MoleculerService("where")
	static class WhereService {

		@Action
		String am(Context ctx) {
			return ctx.broker().nodeID();
		}

	}

}
