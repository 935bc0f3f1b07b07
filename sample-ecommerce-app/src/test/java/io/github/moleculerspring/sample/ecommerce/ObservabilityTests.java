package io.github.moleculerspring.sample.ecommerce;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample on a random port and reads its Actuator endpoints over HTTP:
 * {@code /actuator/prometheus}, {@code /actuator/health} and {@code /actuator/moleculer}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ObservabilityTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Pattern WELCOME_TOTAL = Pattern.compile(
			"^moleculer_request_total\\{action=\"greeter\\.welcome\",caller=\"\",service=\"greeter\",type=\"local\"} (\\S+)$",
			Pattern.MULTILINE);

	@Value("${local.server.port}")
	private int port;

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
	void prometheusShowsMoleculerRequestCountersAfterACall() {
		double before = welcomeTotal(prometheus());
		assertThat(get("/api/greet?name=Grace", String.class).getBody()).isEqualTo("Welcome, Grace");
		String after = prometheus();
		assertThat(welcomeTotal(after)).isEqualTo(before + 1);
		assertThat(after).containsPattern("(?m)^moleculer_request_time_seconds_count\\{action=\"greeter\\.welcome\",.*} ")
			.containsPattern("(?m)^moleculer_event_emit_total\\{event=\"greeter\\.welcomed\",groups=\"\"} ")
			// A gauge loses Moleculer's "total" suffix in Prometheus' naming.
			.containsPattern("(?m)^moleculer_broker_local_services 9\\.0$");
	}

	@Test
	void healthShowsTheMoleculerIndicatorUp() {
		ResponseEntity<Map<String, Object>> response = get("/actuator/health", JSON_OBJECT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).containsEntry("status", "UP");
		Map<String, Object> moleculer = map(map(response.getBody(), "components"), "moleculer");
		assertThat(moleculer).containsEntry("status", "UP");
		assertThat(map(moleculer, "details")).containsEntry("transporter", "none")
			.containsEntry("localServices", List.of("$node", "greeter", "inventory", "math", "notifications", "orders", "payments", "stats", "users"))
			.containsEntry("nodes", Map.of("known", 1, "online", 1));
	}

	@Test
	void moleculerEndpointShowsTheNodeItsServicesActionsAndEvents() {
		ResponseEntity<Map<String, Object>> response = get("/actuator/moleculer", JSON_OBJECT);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		Map<String, Object> body = response.getBody();
		assertThat(body).containsEntry("started", true).containsEntry("connected", true);
		assertThat(list(body, "services")).extracting((service) -> service.get("fullName"))
			.containsExactly("$node", "greeter", "inventory", "math", "notifications", "orders", "payments", "stats", "users");

		Map<String, Object> actions = get("/actuator/moleculer/actions", JSON_OBJECT).getBody();
		Map<String, Object> welcome = list(actions, "actions").stream()
			.filter((action) -> "greeter.welcome".equals(action.get("name")))
			.findFirst()
			.orElseThrow();
		assertThat(list(welcome, "endpoints")).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint).containsEntry("local", true)
				.containsEntry("available", true)
				.containsEntry("circuitBreaker", "CLOSED"));

		Map<String, Object> events = get("/actuator/moleculer/events", JSON_OBJECT).getBody();
		assertThat(list(events, "events")).anySatisfy((event) -> assertThat(event)
			.containsEntry("name", "greeter.welcomed")
			.containsEntry("group", "stats"));
		Map<String, Object> nodes = get("/actuator/moleculer/nodes", JSON_OBJECT).getBody();
		assertThat(list(nodes, "nodes")).singleElement()
			.satisfies((node) -> assertThat(map(node, "client")).containsEntry("type", "java"));
		assertThat(get("/actuator/moleculer/unknown", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	private String prometheus() {
		ResponseEntity<String> response = get("/actuator/prometheus", String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private static double welcomeTotal(String prometheus) {
		Matcher matcher = WELCOME_TOTAL.matcher(prometheus);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private <T> ResponseEntity<T> get(String uri, Class<T> type) {
		return this.client.get().uri(uri).retrieve().toEntity(type);
	}

	private <T> ResponseEntity<T> get(String uri, ParameterizedTypeReference<T> type) {
		return this.client.get().uri(uri).retrieve().toEntity(type);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> map, String key) {
		assertThat(map).containsKey(key);
		return (Map<String, Object>) map.get(key);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
		assertThat(map).containsKey(key);
		return (List<Map<String, Object>>) map.get(key);
	}

}
