package io.github.moleculerspring.sample.ecommerce.shop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.registry.EndpointList;
import io.github.moleculerspring.sample.ecommerce.EcommerceApplication;
import io.github.moleculerspring.test.NatsServer;
import io.github.moleculerspring.test.Tools;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Moleculer.js {@code shipping} service of {@code sample-ecommerce-app/shipping-js} (its npm
 * dependencies installed from the committed lock file) joins a real NATS cluster with a Java node
 * running the shop: the Java side calls {@code shipping.quote} with the HTTP request's requestID,
 * and the JS side receives {@code order.confirmed}.
 */
class ShippingJsTests {

	@Test
	@SuppressWarnings("unchecked")
	void javaShopAndJsShippingWorkTogether() throws Exception {
		Path folder = Tools.projectRoot().resolve("sample-ecommerce-app/shipping-js");
		Tools.npmCi(folder);
		String namespace = "shop-" + UUID.randomUUID().toString().substring(0, 8);
		try (NatsServer nats = NatsServer.launch()) {
			ProcessBuilder builder = new ProcessBuilder(Tools.node().toString(), "shipping.js").directory(folder.toFile())
				.redirectErrorStream(true)
				.redirectOutput(folder.resolve("shipping-test.log").toFile());
			builder.environment()
				.putAll(Map.of("TRANSPORTER", nats.url(), "NAMESPACE", namespace, "NODE_ID", "shipping-js-test"));
			Process shipping = builder.start();
			try (ConfigurableApplicationContext java = new SpringApplicationBuilder(EcommerceApplication.class)
				.run("--moleculer.transporter=" + nats.url(), "--moleculer.namespace=" + namespace,
						"--moleculer.node-id=java-shop", "--server.port=0", "--spring.jmx.enabled=false")) {
				ServiceBroker broker = java.getBean(ServiceBroker.class);
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(shipping.isAlive()).as("node shipping.js is running").isTrue();
					EndpointList<?> quote = broker.registry().getActionEndpoints("shipping.quote");
					assertThat(quote).isNotNull();
					assertThat(quote.hasAvailable()).isTrue();
				});
				int port = ((WebServerApplicationContext) java).getWebServer().getPort();
				ShopClient shop = new ShopClient(port);
				String userId = shop.createUser("Margaret");
				String productId = shop.createProduct("12.50", 20);
				String orderId = (String) shop.ok(shop.order(userId, productId, 4, ShopClient.GOOD_CARD), 201).get("id");

				ResponseEntity<Map<String, Object>> quote = RestClient.create("http://localhost:" + port)
					.get()
					.uri("/api/orders/" + orderId + "/shipping")
					.header("X-Request-ID", "ship-" + orderId)
					.retrieve()
					.toEntity(ShopClient.OBJECT);
				assertThat(quote.getStatusCode().value()).isEqualTo(200);
				assertThat(quote.getBody()).containsEntry("orderId", orderId)
					.containsEntry("units", 4)
					.containsEntry("price", 6.99)
					.containsEntry("requestID", "ship-" + orderId);

				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					List<?> shipments = broker.call("shipping.shipments", null, CallOptions.DEFAULT, List.class)
						.get(5, TimeUnit.SECONDS);
					assertThat(shipments).anySatisfy((shipment) -> assertThat((Map<Object, Object>) shipment)
						.containsEntry("orderId", orderId)
						.containsEntry("userId", userId));
				});
			}
			finally {
				shipping.destroy();
				if (!shipping.waitFor(10, TimeUnit.SECONDS)) {
					shipping.destroyForcibly();
				}
			}
		}
	}

}
