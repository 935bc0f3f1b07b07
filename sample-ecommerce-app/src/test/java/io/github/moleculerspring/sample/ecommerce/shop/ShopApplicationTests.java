package io.github.moleculerspring.sample.ecommerce.shop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole shop in one JVM (the default mode), driven over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(ShopApplicationTests.RecordingConfiguration.class)
class ShopApplicationTests {

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ServiceBroker broker;

	@Autowired
	private RecordedContexts contexts;

	private ShopClient shop;

	@BeforeEach
	void createClient() {
		this.shop = new ShopClient(this.port);
	}

	@Test
	void ordersAreConfirmedDeclinedAndCancelledWithCompensation() {
		this.shop.runFullFlow(this.broker);
	}


	@Test
	void invalidBodyIsA422WithTheFields() {
		ResponseEntity<Map<String, Object>> response = this.shop.post("/api/users",
				Map.of("email", "not-an-email", "name", " "));
		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).containsEntry("title", "ValidationError")
			.containsEntry("type", "VALIDATION_ERROR");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> violations = (List<Map<String, Object>>) response.getBody().get("data");
		assertThat(violations).extracting((violation) -> violation.get("field")).containsExactlyInAnyOrder("email", "name");

		ResponseEntity<Map<String, Object>> order = this.shop.post("/api/orders",
				Map.of("userId", "u", "items", List.of(Map.of("productId", "p", "quantity", 0)), "cardNumber", "12"));
		assertThat(order.getStatusCode().value()).isEqualTo(422);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> orderViolations = (List<Map<String, Object>>) order.getBody().get("data");
		assertThat(orderViolations).extracting((violation) -> (String) violation.get("field"))
			.anySatisfy((field) -> assertThat(field).contains("quantity"))
			.contains("cardNumber");
		assertThat(this.shop.list("/api/orders?userId=u")).isEmpty();
	}

	@Test
	void malformedJsonIsA400Problem() {
		ResponseEntity<Map<String, Object>> response = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\": \"ada@example.com\", \"name\": ")
			.exchange((request, clientResponse) -> ResponseEntity.status(clientResponse.getStatusCode())
				.headers(clientResponse.getHeaders())
				.body(clientResponse.bodyTo(ShopClient.OBJECT)));
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).containsEntry("status", 400)
			.containsEntry("title", "Bad Request")
			.containsEntry("instance", "/api/users")
			// Spring's text, not the JSON parser's message about the body.
			.containsEntry("detail", "Failed to read request");
		assertThat(this.shop.list("/api/users")).noneSatisfy((user) -> assertThat(user).containsEntry("email",
				"ada@example.com"));
	}

	@Test
	void fractionalQuantityIsA422OnTheQuantityAndNothingIsCharged() throws Exception {
		String userId = this.shop.createUser("Hedy");
		String productId = this.shop.createProduct("4.50", 10);
		ResponseEntity<Map<String, Object>> response = this.shop.post("/api/orders", Map.of("userId", userId, "items",
				List.of(Map.of("productId", productId, "quantity", 1.5)), "cardNumber", ShopClient.GOOD_CARD));
		assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(422);
		assertThat(fieldErrors(response.getBody()))
			.anySatisfy((error) -> assertThat(List.of(error.get("field"), error.get("type")))
				.containsExactly("items[0].quantity", "numberInteger"));
		assertThat(this.shop.list("/api/orders?userId=" + userId)).isEmpty();
		JsonNode payments = this.broker.call("payments.list", Map.of(), CallOptions.DEFAULT, JsonNode.class)
			.get(10, TimeUnit.SECONDS);
		assertThat(payments.isArray()).isTrue();
		assertThat(payments.values()).noneSatisfy(
				(payment) -> assertThat(payment.path("userId").asString()).isEqualTo(userId));
		assertThat(this.shop.stock(productId)).isEqualTo(10);
		ResponseEntity<Map<String, Object>> whole = this.shop.order(userId, productId, 2, ShopClient.GOOD_CARD);
		assertThat(this.shop.ok(whole, 201)).containsEntry("status", "CONFIRMED");
	}

	/** The field errors of an error body, wherever its envelope puts them. */
	private static List<Map<?, ?>> fieldErrors(@Nullable Object body) {
		List<Map<?, ?>> errors = new ArrayList<>();
		if (body instanceof Map<?, ?> map) {
			if (map.get("field") instanceof String && map.get("type") instanceof String) {
				errors.add(map);
			}
			map.values().forEach((value) -> errors.addAll(fieldErrors(value)));
		}
		else if (body instanceof List<?> list) {
			list.forEach((item) -> errors.addAll(fieldErrors(item)));
		}
		return errors;
	}

	@Test
	void unknownIdsAre404() {
		for (String uri : List.of("/api/users/nope", "/api/products/nope", "/api/orders/nope")) {
			ResponseEntity<Map<String, Object>> response = this.shop.get(uri);
			assertThat(response.getStatusCode().value()).as(uri).isEqualTo(404);
			assertThat((String) response.getBody().get("type")).endsWith("_NOT_FOUND");
		}
		assertThat(this.shop.post("/api/orders/nope/cancel", Map.of()).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void duplicateEmailIsA409() {
		this.shop.ok(this.shop.post("/api/users", Map.of("email", "grace@example.com", "name", "Grace")), 201);
		ResponseEntity<Map<String, Object>> again = this.shop.post("/api/users",
				Map.of("email", "Grace@example.com", "name", "Grace H."));
		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(again.getBody()).containsEntry("type", "EMAIL_TAKEN");
	}

	@Test
	void updatesAUser() {
		String id = this.shop.createUser("Linus");
		ResponseEntity<Map<String, Object>> updated = RestClient.create("http://localhost:" + this.port)
			.method(HttpMethod.PUT)
			.uri("/api/users/" + id)
			.body(Map.of("name", "Linus T."))
			.retrieve()
			.toEntity(ShopClient.OBJECT);
		assertThat(updated.getBody()).containsEntry("name", "Linus T.").containsEntry("active", true);
		assertThat(this.shop.list("/api/users")).anySatisfy((user) -> assertThat(user).containsEntry("id", id)
			.containsEntry("name", "Linus T."));
	}

	@Test
	void requestIdIsEchoedAndPropagatedToTheActions() {
		ResponseEntity<List<Map<String, Object>>> response = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/products")
			.header("X-Request-ID", "req-42")
			.retrieve()
			.toEntity(ShopClient.ARRAY);
		assertThat(response.getHeaders().getFirst("X-Request-ID")).isEqualTo("req-42");
		assertThat(this.contexts.requestIDs("inventory.list")).contains("req-42");
		ResponseEntity<Map<String, Object>> error = this.shop.get("/api/orders/nope");
		assertThat(error.getHeaders().getFirst("X-Request-ID")).matches("[0-9a-f-]{36}");
		assertThat(this.contexts.requestIDs("orders.get")).contains(error.getHeaders().getFirst("X-Request-ID"));

		// An order: the saga's nested calls and the events it emits, down to the notifications
		// service's handlers, all run with the requestID of the HTTP request.
		String userId = this.shop.createUser("Barbara");
		String productId = this.shop.createProduct("5.00", 3);
		ResponseEntity<Map<String, Object>> order = RestClient.create("http://localhost:" + this.port)
			.post()
			.uri("/api/orders")
			.header("X-Request-ID", "order-req-7")
			.body(Map.of("userId", userId, "items", List.of(Map.of("productId", productId, "quantity", 1)), "cardNumber",
					ShopClient.GOOD_CARD))
			.retrieve()
			.toEntity(ShopClient.OBJECT);
		assertThat(order.getStatusCode().value()).as("%s", order.getBody()).isEqualTo(201);
		assertThat(order.getHeaders().getFirst("X-Request-ID")).isEqualTo("order-req-7");
		for (String action : List.of("orders.create", "users.get", "inventory.reserve", "payments.charge")) {
			assertThat(this.contexts.requestIDs(action)).as(action).contains("order-req-7");
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.contexts.requestIDs("notifications:order.confirmed"))
				.as("the notifications service's order.confirmed handler")
				.contains("order-req-7"));
	}

	/** Records the requestID of every local action and event handler context, by action or service:event. */
	static final class RecordedContexts implements Middleware {

		private final Map<String, List<String>> requestIDs = new ConcurrentHashMap<>();

		List<String> requestIDs(String handler) {
			return this.requestIDs.getOrDefault(handler, List.of());
		}

		private void record(String handler, Context ctx) {
			this.requestIDs.computeIfAbsent(handler, (k) -> new CopyOnWriteArrayList<>()).add(ctx.requestID());
		}

		@Override
		public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
			return (ctx) -> {
				record(endpoint.name(), ctx);
				return next.invoke(ctx);
			};
		}

		@Override
		public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
			return (ctx) -> {
				record(endpoint.service().name() + ":" + endpoint.name(), ctx);
				return next.invoke(ctx);
			};
		}

	}

	/** Imported, not scanned: a plain class, so applications started by other tests never pick it up. */
	static class RecordingConfiguration {

		@Bean
		RecordedContexts recordedContexts() {
			return new RecordedContexts();
		}

	}

}
