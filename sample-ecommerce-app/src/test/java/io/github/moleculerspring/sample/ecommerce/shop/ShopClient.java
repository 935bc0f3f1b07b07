package io.github.moleculerspring.sample.ecommerce.shop;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the shop's HTTP API like a client would, and runs the same end-to-end flow against any
 * deployment (one JVM, a NATS cluster, PostgreSQL): create a user and a product, place orders
 * (confirmed, declined), cancel one, and read the notifications.
 */
public final class ShopClient {

	/** A card the simulated provider declines. */
	public static final String DECLINED_CARD = "4000000000000002";

	/** A card the simulated provider accepts. */
	public static final String GOOD_CARD = "4242424242424242";

	static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	static final ParameterizedTypeReference<List<Map<String, Object>>> ARRAY = new ParameterizedTypeReference<>() {
	};

	private final RestClient client;

	public ShopClient(int port) {
		this.client = RestClient.builder()
			.baseUrl("http://localhost:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	public ResponseEntity<Map<String, Object>> post(String uri, Object body) {
		return this.client.post().uri(uri).body(body).retrieve().toEntity(OBJECT);
	}

	public ResponseEntity<Map<String, Object>> get(String uri) {
		return this.client.get().uri(uri).retrieve().toEntity(OBJECT);
	}

	public List<Map<String, Object>> list(String uri) {
		ResponseEntity<List<Map<String, Object>>> response = this.client.get().uri(uri).retrieve().toEntity(ARRAY);
		assertThat(response.getStatusCode().value()).as("GET %s", uri).isEqualTo(200);
		return response.getBody();
	}

	public Map<String, Object> ok(ResponseEntity<Map<String, Object>> response, int status) {
		assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(status);
		return response.getBody();
	}

	public String createUser(String name) {
		return (String) ok(post("/api/users", Map.of("email", name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com",
				"name", name)), 201).get("id");
	}

	public String createProduct(String price, int stock) {
		return (String) ok(post("/api/products",
				Map.of("sku", "SKU-" + UUID.randomUUID(), "name", "Widget", "price", new BigDecimal(price), "stock",
						stock)), 201)
			.get("id");
	}

	public int stock(String productId) {
		return ((Number) ok(get("/api/products/" + productId), 200).get("stock")).intValue();
	}

	public ResponseEntity<Map<String, Object>> order(String userId, String productId, int quantity, String card) {
		return post("/api/orders", Map.of("userId", userId, "items",
				List.of(Map.of("productId", productId, "quantity", quantity)), "cardNumber", card));
	}

	/**
	 * The shop's main flow, asserted step by step over HTTP.
	 * @param broker a broker of the deployment, to read payments straight from the payments service
	 */
	public void runFullFlow(ServiceBroker broker) {
		String userId = createUser("Ada");
		String productId = createProduct("19.99", 10);

		// Success: stock held, card charged, order confirmed.
		Map<String, Object> confirmed = ok(order(userId, productId, 3, GOOD_CARD), 201);
		String orderId = (String) confirmed.get("id");
		assertThat(confirmed).containsEntry("status", "CONFIRMED").containsEntry("userId", userId);
		assertThat(((Number) confirmed.get("total")).doubleValue()).isEqualTo(59.97);
		assertThat(stock(productId)).isEqualTo(7);
		assertThat(payment(broker, orderId)).containsEntry("status", "COMPLETED")
			.containsEntry("id", confirmed.get("paymentId"))
			.satisfies((payment) -> assertThat(((Number) payment.get("fee")).doubleValue()).isEqualTo(2.04));
		assertThat(ok(get("/api/orders/" + orderId), 200)).containsEntry("status", "CONFIRMED");

		// Decline: 402, the stock reserved for it is back, the order is FAILED with the reason.
		ResponseEntity<Map<String, Object>> declined = order(userId, productId, 2, DECLINED_CARD);
		assertThat(declined.getStatusCode().value()).as("%s", declined.getBody()).isEqualTo(402);
		assertThat(declined.getBody()).containsEntry("type", "PAYMENT_DECLINED");
		@SuppressWarnings("unchecked")
		String failedId = (String) ((Map<String, Object>) declined.getBody().get("data")).get("orderId");
		assertThat(stock(productId)).isEqualTo(7);
		assertThat(ok(get("/api/orders/" + failedId), 200)).containsEntry("status", "FAILED")
			.satisfies((order) -> assertThat((String) order.get("reason")).contains("Card declined"));
		assertThat(payment(broker, failedId)).containsEntry("status", "DECLINED");

		// Out of stock: 422, nothing held, the order FAILED.
		ResponseEntity<Map<String, Object>> tooMany = order(userId, productId, 8, GOOD_CARD);
		assertThat(tooMany.getStatusCode().value()).isEqualTo(422);
		assertThat(tooMany.getBody()).containsEntry("type", "OUT_OF_STOCK");
		assertThat(stock(productId)).isEqualTo(7);

		// Cancel: refunded, stock released; a second cancel is a 409.
		Map<String, Object> cancelled = ok(post("/api/orders/" + orderId + "/cancel", Map.of()), 200);
		assertThat(cancelled).containsEntry("status", "CANCELLED");
		assertThat(stock(productId)).isEqualTo(10);
		assertThat(payment(broker, orderId)).containsEntry("status", "REFUNDED");
		ResponseEntity<Map<String, Object>> again = post("/api/orders/" + orderId + "/cancel", Map.of());
		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(again.getBody()).containsEntry("type", "ORDER_NOT_CANCELLABLE");

		// An inactive user cannot order.
		ok(post("/api/users/" + userId + "/deactivate", Map.of()), 200);
		ResponseEntity<Map<String, Object>> inactive = order(userId, productId, 1, GOOD_CARD);
		assertThat(inactive.getStatusCode().value()).isEqualTo(422);
		assertThat(inactive.getBody()).containsEntry("type", "USER_INACTIVE");
		assertThat(stock(productId)).isEqualTo(10);
		ok(post("/api/users/" + userId + "/activate", Map.of()), 200);

		// The notifications service heard the events (balanced group: once each).
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(list("/api/notifications?userId=" + userId))
			.extracting((notification) -> notification.get("event"))
			.contains("user.created", "order.created", "payment.completed", "order.confirmed", "payment.failed",
					"order.failed", "payment.refunded", "order.cancelled", "user.updated")
			.filteredOn("order.confirmed"::equals)
			.hasSize(1));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> payment(ServiceBroker broker, String orderId) {
		try {
			return broker.call("payments.get", Map.of("orderId", orderId), CallOptions.DEFAULT, Map.class)
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
