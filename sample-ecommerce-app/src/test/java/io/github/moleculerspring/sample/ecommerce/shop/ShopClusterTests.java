package io.github.moleculerspring.sample.ecommerce.shop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.sample.ecommerce.EcommerceApplication;
import io.github.moleculerspring.test.NatsServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop split over several Spring Boot applications (brokers) that talk over a real
 * {@code nats-server}: each runs the parts named by {@code shop.services} with its own in-memory H2
 * database, as separate processes would.
 */
class ShopClusterTests {

	private static final Logger logger = LoggerFactory.getLogger(ShopClusterTests.class);

	private static final List<String> ACTIONS = List.of("users.get", "inventory.reserve", "inventory.release",
			"payments.charge", "payments.refund", "orders.create", "notifications.list");

	private static NatsServer nats;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final String namespace = "shop-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void startNats() {
		nats = NatsServer.launch();
	}

	@AfterAll
	static void stopNats() {
		if (nats != null) {
			nats.close();
		}
	}

	@AfterEach
	void stopNodes() {
		for (ConfigurableApplicationContext node : this.nodes) {
			node.close();
		}
	}

	@Test
	void theFlowWorksAcrossThreeNodes() {
		ConfigurableApplicationContext gateway = node("gateway-users", "gateway,users");
		node("orders-inventory", "orders,inventory");
		node("payments-notifications", "payments,notifications");
		ServiceBroker broker = gateway.getBean(ServiceBroker.class);
		assertThat(broker.registry().getLocalActionEndpoint("orders.create")).isNull();
		awaitActions(broker);

		new ShopClient(port(gateway)).runFullFlow(broker);
	}

	@Test
	void ordersKeepSucceedingWhileAPaymentsReplicaStops() throws Exception {
		String payments = "jdbc:h2:mem:payments-" + this.namespace + ";DB_CLOSE_DELAY=-1";
		ConfigurableApplicationContext main = node("main", "gateway,users,inventory,orders,notifications",
				"moleculer.retry-policy.enabled=true", "moleculer.retry-policy.retries=5");
		ConfigurableApplicationContext first = node("payments-1", "payments", "spring.datasource.url=" + payments);
		ConfigurableApplicationContext second = node("payments-2", "payments", "spring.datasource.url=" + payments);
		ServiceBroker broker = main.getBean(ServiceBroker.class);
		awaitActions(broker);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> broker.registry().getActionEndpoints("payments.charge").count() == 2);

		MeterRegistry firstMeters = first.getBean(MeterRegistry.class);
		MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
		ShopClient shop = new ShopClient(port(main));
		String userId = shop.createUser("Grace");
		String productId = shop.createProduct("5.00", 1000);
		int total = 40;
		int succeeded = 0;
		List<String> failures = new ArrayList<>();
		CompletableFuture<Void> stopping = null;
		for (int i = 0; i < total; i++) {
			if (i == 10) {
				// Close one replica while the orders keep coming: its graceful stop overlaps them.
				stopping = CompletableFuture.runAsync(first::close);
			}
			ResponseEntity<Map<String, Object>> response = shop.order(userId, productId, 1, ShopClient.GOOD_CARD);
			if (response.getStatusCode().value() == 201 && "CONFIRMED".equals(response.getBody().get("status"))) {
				succeeded++;
			}
			else {
				failures.add(response.getStatusCode() + " " + response.getBody());
			}
		}
		stopping.get(30, TimeUnit.SECONDS);
		double chargedByFirst = charges(firstMeters);
		double chargedBySecond = charges(secondMeters);
		logger.info("{} of {} orders succeeded while payments-1 stopped; charges handled: payments-1 {}, payments-2 {}",
				succeeded, total, chargedByFirst, chargedBySecond);
		// The stopped replica took its share before it left, the other one the rest.
		assertThat(chargedByFirst).isPositive();
		assertThat(chargedBySecond).isGreaterThan(chargedByFirst);
		assertThat(failures).isEmpty();
		assertThat(succeeded).isEqualTo(total);
		assertThat(first.isActive()).isFalse();
		assertThat(broker.registry().getActionEndpoints("payments.charge").count()).isEqualTo(1);
		assertThat(shop.stock(productId)).isEqualTo(1000 - total);
		// Both replicas charged: their shared table holds every order once.
		List<?> recorded = second.getBean(ServiceBroker.class)
			.call("payments.list", Map.of(), CallOptions.nodeID("payments-2"), List.class)
			.get(10, TimeUnit.SECONDS);
		assertThat(recorded).hasSize(total);
	}

	private static double charges(MeterRegistry registry) {
		return registry.find("moleculer.request.total")
			.tag("action", "payments.charge")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private ConfigurableApplicationContext node(String nodeID, String services, String... properties) {
		boolean web = services.contains("gateway");
		List<String> all = new ArrayList<>(List.of("moleculer.transporter=" + nats.url(),
				"moleculer.namespace=" + this.namespace, "moleculer.node-id=" + nodeID, "shop.services=" + services,
				"server.port=0", "spring.jmx.enabled=false"));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EcommerceApplication.class)
			.web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			// As command-line arguments, like separate processes, over application.yaml.
			.run(all.stream().map((property) -> "--" + property).toArray(String[]::new));
		this.nodes.add(context);
		return context;
	}

	private static void awaitActions(ServiceBroker broker) {
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ACTIONS).allSatisfy((action) -> {
			EndpointList<?> endpoints = broker.registry().getActionEndpoints(action);
			assertThat(endpoints).as(action).isNotNull();
			assertThat(endpoints.hasAvailable()).as(action).isTrue();
		}));
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}


}
