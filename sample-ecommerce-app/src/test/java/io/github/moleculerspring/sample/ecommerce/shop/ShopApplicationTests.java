package io.github.moleculerspring.sample.ecommerce.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.CallOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole shop in one JVM (the default mode), driven over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ShopApplicationTests {

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ServiceBroker broker;

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
		assertThat(response.getBody()).containsEntry("name", "ValidationError")
			.containsEntry("errorType", "VALIDATION_ERROR");
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
			assertThat((String) response.getBody().get("errorType")).endsWith("_NOT_FOUND");
		}
		assertThat(this.shop.post("/api/orders/nope/cancel", Map.of()).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void duplicateEmailIsA409() {
		this.shop.ok(this.shop.post("/api/users", Map.of("email", "grace@example.com", "name", "Grace")), 201);
		ResponseEntity<Map<String, Object>> again = this.shop.post("/api/users",
				Map.of("email", "Grace@example.com", "name", "Grace H."));
		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(again.getBody()).containsEntry("errorType", "EMAIL_TAKEN");
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
		ResponseEntity<Map<String, Object>> error = this.shop.get("/api/orders/nope");
		assertThat(error.getHeaders().getFirst("X-Request-ID")).matches("[0-9a-f-]{36}");
	}

}
