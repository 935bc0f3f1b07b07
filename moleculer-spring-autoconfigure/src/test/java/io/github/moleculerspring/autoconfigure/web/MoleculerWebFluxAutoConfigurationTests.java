package io.github.moleculerspring.autoconfigure.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.web.MoleculerExceptionHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.config.EnableWebFlux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MoleculerWebFluxAutoConfiguration}: a Spring WebFlux application with the
 * auto-configured broker (in-JVM) and a controller that calls it, driven by a
 * {@link WebTestClient} bound to the application context.
 */
class MoleculerWebFluxAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
				MoleculerWebFluxAutoConfiguration.class))
		.withUserConfiguration(WebFluxConfiguration.class)
		.withBean(BrokerController.class)
		.withBean(InventoryService.class);

	@Test
	void aFailedFutureFromAControllerCallingAMissingServiceIsA404Problem() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/missing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("SERVICE_NOT_FOUND")
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.title")
			.isEqualTo("ServiceNotFoundError")
			.jsonPath("$.detail")
			.isEqualTo("Service 'nowhere.find' is not found.")
			.jsonPath("$.instance")
			.isEqualTo("/missing")
			.jsonPath("$.code")
			.isEqualTo(404)
			.jsonPath("$.retryable")
			.isEqualTo(true)
			.jsonPath("$.data.action")
			.isEqualTo("nowhere.find")
			.jsonPath("$.nodeID")
			.doesNotExist()
			.jsonPath("$.stack")
			.doesNotExist()));
	}

	@Test
	void aMonoFromTheFutureOfACallToAMissingServiceIsA404Problem() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/missing-mono")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("SERVICE_NOT_FOUND")
			.jsonPath("$.instance")
			.isEqualTo("/missing-mono")
			.jsonPath("$.data.action")
			.isEqualTo("nowhere.find")));
	}

	@Test
	void aValidationErrorIsA422ProblemWithTheFieldErrorsInData() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/reserve?quantity=many")
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("VALIDATION_ERROR")
			.jsonPath("$.title")
			.isEqualTo("ValidationError")
			.jsonPath("$.code")
			.isEqualTo(422)
			.jsonPath("$.retryable")
			.isEqualTo(false)
			.jsonPath("$.data[0].field")
			.isEqualTo("quantity")
			.jsonPath("$.data[0].type")
			.exists()));
	}

	@Test
	void aCompletionExceptionFromJoinIsUnwrapped() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/missing-join")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("SERVICE_NOT_FOUND")
			.jsonPath("$.instance")
			.isEqualTo("/missing-join")));
	}

	@Test
	void aCompletionExceptionFailingAMonoIsUnwrapped() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/missing-join-mono")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("SERVICE_NOT_FOUND")));
	}

	@Test
	void anExecutionExceptionFromGetIsUnwrapped() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/missing-get")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("SERVICE_NOT_FOUND")));
	}

	@Test
	void aCodeOutsideTheHttpErrorRangeIsA500KeepingTheCode() {
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/odd")
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(302)
			.jsonPath("$.title")
			.isEqualTo("MoleculerError")
			.jsonPath("$.type")
			.doesNotExist()));
	}

	@Test
	void anotherExceptionCausedByAMoleculerErrorIsLeftToSpring() {
		// WebFlux answers an exception that no handler resolves with a bare 500.
		this.contextRunner.run(webTestClient((client) -> client.get()
			.uri("/other")
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectBody()
			.isEmpty()));
	}

	@Test
	void anAdviceOfTheApplicationWins() {
		this.contextRunner.withUserConfiguration(OwnAdvice.class)
			.run(webTestClient((client) -> client.get()
				.uri("/missing-mono")
				.exchange()
				.expectStatus()
				.isEqualTo(418)
				.expectBody(String.class)
				.isEqualTo("ServiceNotFoundError")));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("moleculer.web.problem-details.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MoleculerExceptionHandler.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		MoleculerExceptionHandler own = new MoleculerExceptionHandler() {

			@Override
			protected int status(MoleculerError error) {
				return 503;
			}

		};
		this.contextRunner.withBean("ownHandler", MoleculerExceptionHandler.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(MoleculerExceptionHandler.class);
			assertThat(context.getBean(MoleculerExceptionHandler.class)).isSameAs(own);
			webTestClient((client) -> client.get()
				.uri("/missing-mono")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("SERVICE_NOT_FOUND")).accept(context);
		});
	}

	@Test
	void notInAServletNorANonWebApplicationNorWithoutWebFlux() {
		AutoConfigurations configurations = AutoConfigurations.of(JacksonAutoConfiguration.class,
				MoleculerAutoConfiguration.class, MoleculerWebFluxAutoConfiguration.class);
		new ApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).hasSingleBean(ServiceBroker.class)
				.doesNotHaveBean(MoleculerExceptionHandler.class));
		new WebApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).hasSingleBean(ServiceBroker.class)
				.doesNotHaveBean(MoleculerExceptionHandler.class));
		new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
			.withClassLoader(new FilteredClassLoader(DispatcherHandler.class))
			.run((context) -> assertThat(context).hasSingleBean(ServiceBroker.class)
				.doesNotHaveBean(MoleculerExceptionHandler.class));
	}

	@Test
	void withBothWebAutoConfigurationsAnApplicationGetsOneHandler() {
		AutoConfigurations configurations = AutoConfigurations.of(JacksonAutoConfiguration.class,
				MoleculerAutoConfiguration.class, MoleculerWebAutoConfiguration.class,
				MoleculerWebFluxAutoConfiguration.class);
		new ReactiveWebApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).hasSingleBean(MoleculerExceptionHandler.class));
		new WebApplicationContextRunner().withConfiguration(configurations)
			.run((context) -> assertThat(context).hasSingleBean(MoleculerExceptionHandler.class));
	}

	private static ContextConsumer<AssertableReactiveWebApplicationContext> webTestClient(
			Consumer<WebTestClient> callback) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			callback.accept(WebTestClient.bindToApplicationContext(context.getSourceApplicationContext()).build());
		};
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class WebFluxConfiguration {

	}

	@RestController
	static class BrokerController {

		private final ServiceBroker broker;

		BrokerController(ServiceBroker broker) {
			this.broker = broker;
		}

		@GetMapping("/missing")
		CompletableFuture<Object> missing() {
			return this.broker.call("nowhere.find", null);
		}

		@GetMapping("/missing-mono")
		Mono<Object> missingMono() {
			return Mono.fromFuture(this.broker.call("nowhere.find", null));
		}

		@GetMapping("/missing-join")
		Object missingJoin() {
			return this.broker.call("nowhere.find", null).join();
		}

		@GetMapping("/missing-join-mono")
		Mono<Object> missingJoinMono() {
			return Mono.fromCallable(() -> this.broker.call("nowhere.find", null).join());
		}

		@GetMapping("/missing-get")
		Object missingGet() throws InterruptedException, ExecutionException, TimeoutException {
			return this.broker.call("nowhere.find", null).get(10, TimeUnit.SECONDS);
		}

		@GetMapping("/reserve")
		Mono<Object> reserve(@RequestParam String quantity) {
			return Mono.fromFuture(this.broker.call("inventory.reserve", Map.of("quantity", quantity)));
		}

		@GetMapping("/odd")
		Mono<Object> odd() {
			return Mono.error(new MoleculerError("moved", 302, null, null));
		}

		@GetMapping("/other")
		Mono<Object> other() {
			return Mono.error(new IllegalStateException("lookup failed", new ServiceNotFoundError("nowhere.find", null)));
		}

	}

	@MoleculerService(name = "inventory")
	static class InventoryService {

		@Action
		int reserve(@Param("quantity") int quantity) {
			return quantity;
		}

	}

	@RestControllerAdvice
	static class OwnAdvice {

		@ExceptionHandler(MoleculerError.class)
		ResponseEntity<String> handle(MoleculerError error) {
			return ResponseEntity.status(418).body(error.getName());
		}

	}

}
