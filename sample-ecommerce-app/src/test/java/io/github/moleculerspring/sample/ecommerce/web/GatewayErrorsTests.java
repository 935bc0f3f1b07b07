package io.github.moleculerspring.sample.ecommerce.web;

import java.util.Map;

import io.github.moleculerspring.sample.ecommerce.EcommerceApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway node alone ({@code shop.services=gateway}): its controllers call actions that no node
 * runs, and the starter answers with problem details. The application is started and closed here
 * (not a cached test context), so that it leaves the logging system as it found it.
 */
class GatewayErrorsTests {

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	@Test
	void aControllerCallingAServiceNoNodeRunsGetsA404Problem() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EcommerceApplication.class)
			.run("--shop.services=gateway", "--server.port=0")) {
			String port = context.getEnvironment().getProperty("local.server.port");
			ResponseEntity<Map<String, Object>> response = RestClient.builder()
				.baseUrl("http://localhost:" + port)
				.defaultStatusHandler((status) -> true, (request, clientResponse) -> {
				})
				.build()
				.post()
				.uri("/api/users")
				.body(Map.of("email", "ada@example.com", "name", "Ada"))
				.retrieve()
				.toEntity(OBJECT);
			assertThat(response.getStatusCode().value()).isEqualTo(404);
			assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(response.getBody()).containsEntry("type", "SERVICE_NOT_FOUND")
				.containsEntry("title", "ServiceNotFoundError")
				.containsEntry("status", 404)
				.containsEntry("code", 404)
				.containsEntry("retryable", true)
				.containsEntry("detail", "Service 'users.create' is not found.")
				.containsEntry("instance", "/api/users")
				.containsEntry("data", Map.of("action", "users.create"))
				.doesNotContainKey("nodeID");
			assertThat(response.getHeaders().getFirst("X-Request-ID")).isNotBlank();
		}
	}

}
