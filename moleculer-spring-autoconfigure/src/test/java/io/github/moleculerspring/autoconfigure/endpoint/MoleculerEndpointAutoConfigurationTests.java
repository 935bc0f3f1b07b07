package io.github.moleculerspring.autoconfigure.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.github.moleculerspring.actuate.endpoint.MoleculerEndpoint;
import io.github.moleculerspring.actuate.endpoint.MoleculerEndpoint.ActionsDescriptor;
import io.github.moleculerspring.actuate.endpoint.MoleculerEndpoint.EventsDescriptor;
import io.github.moleculerspring.actuate.endpoint.MoleculerEndpoint.NodesDescriptor;
import io.github.moleculerspring.actuate.endpoint.MoleculerEndpoint.ServicesDescriptor;
import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.MoleculerNatsAutoConfiguration;
import io.github.moleculerspring.autoconfigure.ServiceBrokerCustomizer;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.fault.CircuitBreakerOptions;
import io.github.moleculerspring.test.NatsServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MoleculerEndpointAutoConfiguration} and the JSON of {@link MoleculerEndpoint}.
 */
class MoleculerEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
				MoleculerEndpointAutoConfiguration.class))
		.withPropertyValues("moleculer.heartbeat-interval=1", "moleculer.heartbeat-timeout=3");

	@Test
	void endpointIsAvailableWhenExposedOverTheWeb() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health,moleculer")
			.run((context) -> assertThat(context).hasSingleBean(MoleculerEndpoint.class));
	}

	@Test
	void endpointIsNotAvailableWhenNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MoleculerEndpoint.class));
	}

	@Test
	void endpointIsNotAvailableWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=*",
					"management.endpoint.moleculer.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MoleculerEndpoint.class));
	}

	@Test
	void withoutActuatorOnTheClasspathThereIsNoEndpoint() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(MoleculerEndpoint.class);
			});
	}

	@Test
	void jsonOverNatsWithCredentialsInTheUrlShowsNoSecret() {
		try (NatsServer nats = NatsServer.launch(null, "--user", "app", "--pass", "Endp0int-s3cret")) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, SslAutoConfiguration.class,
						MoleculerNatsAutoConfiguration.class, MoleculerAutoConfiguration.class,
						MoleculerEndpointAutoConfiguration.class))
				.withUserConfiguration(InventoryConfiguration.class)
				.withPropertyValues("moleculer.transporter=nats://app:Endp0int-s3cret@127.0.0.1:" + nats.port(),
						"moleculer.node-id=secret-node", "management.endpoints.web.exposure.include=moleculer")
				.run((context) -> {
					MoleculerEndpoint endpoint = context.getBean(MoleculerEndpoint.class);
					String json = context.getBean(JsonMapper.class).writeValueAsString(endpoint.moleculer());
					assertThat(json).contains("\"transporter\":\"NATS\"").contains("\"connected\":true")
						.contains("inventory.reserve");
					assertThat(json).doesNotContain("Endp0int-s3cret").doesNotContain("app:");
					for (String part : List.of("nodes", "services", "actions", "events")) {
						assertThat(String.valueOf(context.getBean(JsonMapper.class)
							.writeValueAsString(endpoint.part(part)))).doesNotContain("Endp0int-s3cret");
					}
				});
		}
	}

	@Test
	void jsonShowsNodesServicesActionsWithBreakerStatesAndEventsOfTheCluster() {
		String bus = "local://endpoint-" + System.nanoTime();
		this.contextRunner.withUserConfiguration(InventoryConfiguration.class)
			.withPropertyValues("moleculer.transporter=" + bus, "moleculer.node-id=inventory-node")
			.run((inventory) -> this.contextRunner.withUserConfiguration(CatalogConfiguration.class)
				.withPropertyValues("moleculer.transporter=" + bus, "moleculer.node-id=catalog-node",
						"management.endpoints.web.exposure.include=moleculer")
				.run((catalog) -> {
					ServiceBroker broker = catalog.getBean(ServiceBroker.class);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> broker.registry().getActionEndpoints("inventory.reserve") != null);
					openTheBreakerOf(broker, "inventory-node", "inventory.reserve");
					assertThat(broker.call("inventory.stock", null).get(10, TimeUnit.SECONDS)).isEqualTo(7);

					MoleculerEndpoint endpoint = catalog.getBean(MoleculerEndpoint.class);
					JsonMapper mapper = catalog.getBean(JsonMapper.class);
					DocumentContext json = JsonPath.parse(mapper.writeValueAsString(endpoint.moleculer()));

					assertThat(json.read("$.nodeID", String.class)).isEqualTo("catalog-node");
					assertThat(json.read("$.transporter", String.class)).isEqualTo("Local");
					assertThat(json.read("$.protocolVersion", String.class)).isEqualTo("5");
					assertThat(json.read("$.started", Boolean.class)).isTrue();
					assertThat(json.read("$.connected", Boolean.class)).isTrue();

					assertThat(json.read("$.nodes[*].id", List.class)).containsExactly("catalog-node", "inventory-node");
					Map<String, Object> remote = json.read("$.nodes[1]");
					assertThat(remote).containsEntry("local", false)
						.containsEntry("available", true)
						.containsEntry("protocolVersion", "5")
						.containsEntry("client",
								Map.of("type", "java", "version", ServiceBroker.VERSION, "langVersion",
										System.getProperty("java.version")));
					assertThat(json.read("$.nodes[0].local", Boolean.class)).isTrue();
					// The local node has a CPU figure too (before its first heartbeat: measured as the heartbeat does).
					assertThat(json.read("$.nodes[0].cpu", Integer.class)).isBetween(0, 100);

					assertThat(json.read("$.services[?(@.fullName == 'inventory')].nodes", List.class))
						.containsExactly(List.of("inventory-node"));
					assertThat(json.read("$.services[?(@.fullName == '$node')].nodes", List.class))
						.containsExactly(List.of("catalog-node", "inventory-node"));

					List<Map<String, Object>> reserve = json
						.read("$.actions[?(@.name == 'inventory.reserve')].endpoints[*]");
					assertThat(reserve).singleElement()
						.satisfies((e) -> assertThat(e).containsEntry("nodeID", "inventory-node")
							.containsEntry("service", "inventory")
							.containsEntry("local", false)
							.containsEntry("available", false)
							.containsEntry("circuitBreaker", "OPEN"));
					List<Map<String, Object>> stock = json.read("$.actions[?(@.name == 'inventory.stock')].endpoints[*]");
					assertThat(stock).singleElement()
						.satisfies((e) -> assertThat(e).containsEntry("available", true)
							.containsEntry("circuitBreaker", "CLOSED"));
					List<Map<String, Object>> browse = json.read("$.actions[?(@.name == 'catalog.browse')].endpoints[*]");
					assertThat(browse).singleElement()
						.satisfies((e) -> assertThat(e).containsEntry("nodeID", "catalog-node").containsEntry("local", true));

					List<Map<String, Object>> placed = json.read("$.events[?(@.name == 'order.placed')]");
					assertThat(placed).extracting((e) -> e.get("group")).containsExactly("catalog", "inventory");
					assertThat(json.read("$.events[?(@.name == 'order.placed' && @.group == 'inventory')].endpoints[*].nodeID",
							List.class))
						.containsExactly("inventory-node");
				}));
	}

	@Test
	void selectorsReturnOnePartAndUnknownPartsNothing() {
		this.contextRunner.withUserConfiguration(CatalogConfiguration.class)
			.withPropertyValues("moleculer.node-id=selector-node", "management.endpoints.web.exposure.include=moleculer")
			.run((context) -> {
				MoleculerEndpoint endpoint = context.getBean(MoleculerEndpoint.class);
				MoleculerEndpoint.MoleculerDescriptor all = endpoint.moleculer();
				assertThat(endpoint.part("nodes")).isEqualTo(new NodesDescriptor(all.nodes()));
				assertThat(endpoint.part("services")).isEqualTo(new ServicesDescriptor(all.services()));
				assertThat(endpoint.part("actions")).isEqualTo(new ActionsDescriptor(all.actions()));
				assertThat(endpoint.part("events")).isEqualTo(new EventsDescriptor(all.events()));
				assertThat(endpoint.part("secrets")).isNull();
				JsonMapper mapper = context.getBean(JsonMapper.class);
				DocumentContext nodes = JsonPath.parse(mapper.writeValueAsString(endpoint.part("nodes")));
				assertThat(nodes.read("$.nodes[*].id", List.class)).containsExactly("selector-node");
				// Without a transporter there is no heartbeat, yet the local node shows its CPU usage.
				assertThat(nodes.read("$.nodes[0].cpu", Integer.class)).isBetween(0, 100);
			});
	}

	/** Fails calls to an endpoint until its breaker opens. */
	private static void openTheBreakerOf(ServiceBroker broker, String nodeID, String action) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			try {
				broker.call(action, null).get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// Expected: the action fails with a 500.
			}
			return broker.circuitBreakers().state(nodeID, action) == CircuitBreaker.State.OPEN;
		});
	}

	@Configuration(proxyBeanMethods = false)
	@Import(InventoryService.class)
	static class InventoryConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(CatalogService.class)
	static class CatalogConfiguration {

		@Bean
		ServiceBrokerCustomizer circuitBreakerCustomizer() {
			return (builder) -> builder.circuitBreaker(new CircuitBreakerOptions(true, 0.5, 2, Duration.ofSeconds(60),
					Duration.ofMinutes(5), CircuitBreakerOptions.DEFAULT_CHECK));
		}

	}

	@MoleculerService("inventory")
	static class InventoryService {

		@Action
		String reserve() {
			throw new MoleculerError("Warehouse on fire", 500, "WAREHOUSE_FAILURE", null);
		}

		@Action
		int stock() {
			return 7;
		}

		@Event("order.placed")
		void onPlaced() {
		}

	}

	@MoleculerService("catalog")
	static class CatalogService {

		@Action
		List<String> browse() {
			return List.of("book");
		}

		@Event("order.placed")
		void onPlaced() {
		}

	}

}
