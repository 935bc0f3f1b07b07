package io.github.moleculerspring.sample.ecommerce;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.broker.ServiceBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample on a random port and calls its REST API over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class EcommerceApplicationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	@Value("${local.server.port}")
	private int port;

	@Autowired
	private ServiceBroker broker;

	private RestClient client;

	@BeforeEach
	void createClient() {
		this.client = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Test
	void brokerHasStartedWithTheServices() {
		assertThat(this.broker.isStarted()).isTrue();
		assertThat(this.broker.registry().getLocalActionEndpoint("greeter.hello")).isNotNull();
		assertThat(this.broker.registry().getLocalActionEndpoint("math.add").descriptor())
			.containsEntry("rest", "GET /add")
			.containsEntry("params", Map.of("a", Map.of("type", "number"), "b", Map.of("type", "number")));
		assertThat(get("/api/math/add?a=2&b=3", Double.class).getBody()).isEqualTo(5.0);
	}

	@Test
	void greetsWithoutName() {
		ResponseEntity<String> response = get("/api/greet", String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("Hello Moleculer");
	}

	@Test
	void welcomesByNameAndCountsTheWelcomedEvents() {
		ResponseEntity<String> response = get("/api/greet?name=Ada", String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("Welcome, Ada");
		get("/api/greet?name=Ada", String.class);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Map.of("Ada", 2).equals(get("/api/stats/welcomed", JSON_OBJECT).getBody()));
	}

	@Test
	void blankNameIsRejectedWith422() {
		ResponseEntity<Map<String, Object>> response = get("/api/greet?name= ", JSON_OBJECT);
		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(response.getBody()).containsEntry("title", "ValidationError");
		assertThat(violations(response)).singleElement().satisfies((violation) -> {
			assertThat(violation).containsEntry("type", "stringEmpty").containsEntry("field", "name");
			assertThat(violation).containsEntry("action", "greeter.welcome");
		});
	}

	@Test
	void addsNumbers() {
		ResponseEntity<Double> response = get("/api/math/add?a=2&b=3.5", Double.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo(5.5);
	}

	@Test
	void badNumberIsRejectedWith422NamingTheField() {
		ResponseEntity<Map<String, Object>> response = get("/api/math/add?a=two&b=3", JSON_OBJECT);
		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(response.getBody()).containsEntry("code", 422).containsEntry("type", "VALIDATION_ERROR");
		assertThat(violations(response)).singleElement()
			.satisfies((violation) -> assertThat(violation).containsEntry("field", "a"));
	}

	@Test
	void missingNumberIsRejectedWith422() {
		ResponseEntity<Map<String, Object>> response = get("/api/math/add?b=3", JSON_OBJECT);
		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(violations(response)).singleElement()
			.satisfies((violation) -> assertThat(violation).containsEntry("type", "required").containsEntry("field", "a"));
	}

	@Test
	void divisionByZeroIsRejectedWith422() {
		ResponseEntity<Map<String, Object>> response = get("/api/math/div?a=1&b=0", JSON_OBJECT);
		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(violations(response)).singleElement()
			.satisfies((violation) -> assertThat(violation).containsEntry("type", "numberNotEqual")
				.containsEntry("field", "b"));
		assertThat(get("/api/math/div?a=1&b=4", Double.class).getBody()).isEqualTo(0.25);
	}

	@Test
	void missingDivisorIsRejectedByBeanValidation() {
		ResponseEntity<Map<String, Object>> response = get("/api/math/div?a=1", JSON_OBJECT);
		assertThat(response.getStatusCode().value()).isEqualTo(422);
		assertThat(violations(response)).singleElement()
			.satisfies((violation) -> assertThat(violation).containsEntry("type", "required").containsEntry("field", "b"));
	}

	private <T> ResponseEntity<T> get(String uri, Class<T> type) {
		return this.client.get().uri(uri).retrieve().toEntity(type);
	}

	private <T> ResponseEntity<T> get(String uri, ParameterizedTypeReference<T> type) {
		return this.client.get().uri(uri).retrieve().toEntity(type);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> violations(ResponseEntity<Map<String, Object>> response) {
		assertThat(response.getBody()).isNotNull();
		return (List<Map<String, Object>>) response.getBody().get("data");
	}

}
