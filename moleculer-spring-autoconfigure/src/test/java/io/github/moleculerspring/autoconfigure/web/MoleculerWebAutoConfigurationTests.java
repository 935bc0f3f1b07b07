package io.github.moleculerspring.autoconfigure.web;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.web.MoleculerExceptionHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link MoleculerWebAutoConfiguration}: a Spring MVC application with the
 * auto-configured broker (in-JVM) and a controller that calls it.
 */
class MoleculerWebAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
				MoleculerWebAutoConfiguration.class))
		.withUserConfiguration(MvcConfiguration.class)
		.withBean(BrokerController.class)
		.withBean(InventoryService.class);

	@Test
	void aFailedFutureFromAControllerCallingAMissingServiceIsA404Problem() {
		this.contextRunner.run(mvc((mockMvc) -> {
			MvcResult async = mockMvc.perform(get("/missing")).andExpect(request().asyncStarted()).andReturn();
			mockMvc.perform(asyncDispatch(async))
				.andExpect(status().isNotFound())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("SERVICE_NOT_FOUND"))
				.andExpect(jsonPath("$.status").value(404))
				.andExpect(jsonPath("$.title").value("ServiceNotFoundError"))
				.andExpect(jsonPath("$.detail").value("Service 'nowhere.find' is not found."))
				.andExpect(jsonPath("$.instance").value("/missing"))
				.andExpect(jsonPath("$.code").value(404))
				.andExpect(jsonPath("$.retryable").value(true))
				.andExpect(jsonPath("$.data.action").value("nowhere.find"))
				.andExpect(jsonPath("$.nodeID").doesNotExist())
				.andExpect(jsonPath("$.stack").doesNotExist());
		}));
	}

	@Test
	void aValidationErrorIsA422ProblemWithTheFieldErrorsInData() {
		this.contextRunner.run(mvc((mockMvc) -> {
			MvcResult async = mockMvc.perform(get("/reserve").param("quantity", "many"))
				.andExpect(request().asyncStarted())
				.andReturn();
			mockMvc.perform(asyncDispatch(async))
				.andExpect(status().isUnprocessableContent())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.type").value("VALIDATION_ERROR"))
				.andExpect(jsonPath("$.title").value("ValidationError"))
				.andExpect(jsonPath("$.retryable").value(false))
				.andExpect(jsonPath("$.data[0].field").value("quantity"))
				.andExpect(jsonPath("$.data[0].type").exists());
		}));
	}

	@Test
	void aCompletionExceptionFromJoinIsUnwrapped() {
		this.contextRunner.run(mvc((mockMvc) -> mockMvc.perform(get("/missing-join"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("SERVICE_NOT_FOUND"))
			.andExpect(jsonPath("$.instance").value("/missing-join"))));
	}

	@Test
	void anExecutionExceptionFromGetIsUnwrapped() {
		this.contextRunner.run(mvc((mockMvc) -> mockMvc.perform(get("/missing-get"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("SERVICE_NOT_FOUND"))));
	}

	@Test
	void aCodeOutsideTheHttpErrorRangeIsA500KeepingTheCode() {
		this.contextRunner.run(mvc((mockMvc) -> mockMvc.perform(get("/odd"))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.code").value(302))
			.andExpect(jsonPath("$.title").value("MoleculerError"))
			.andExpect(jsonPath("$.type").doesNotExist())));
	}

	@Test
	void anotherExceptionCausedByAMoleculerErrorIsLeftToSpring() {
		this.contextRunner.run(mvc((mockMvc) -> assertThatThrownBy(() -> mockMvc.perform(get("/other")))
			.rootCause()
			.isInstanceOf(ServiceNotFoundError.class)));
	}

	@Test
	void anAdviceOfTheApplicationWins() {
		this.contextRunner.withUserConfiguration(OwnAdvice.class).run(mvc((mockMvc) -> {
			mockMvc.perform(get("/missing-join")).andExpect(status().isIAmATeapot());
		}));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("moleculer.web.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MoleculerExceptionHandler.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		MoleculerExceptionHandler own = new MoleculerExceptionHandler() {

			@Override
			protected int status(MoleculerError error) {
				return 503;
			}

		};
		this.contextRunner.withBean("ownHandler", MoleculerExceptionHandler.class, () -> own)
			.run((context) -> {
				assertThat(context).hasSingleBean(MoleculerExceptionHandler.class);
				assertThat(context.getBean(MoleculerExceptionHandler.class)).isSameAs(own);
				mvc((mockMvc) -> mockMvc.perform(get("/missing-join")).andExpect(status().isServiceUnavailable())
					.andExpect(jsonPath("$.type").value("SERVICE_NOT_FOUND"))).accept(context);
			});
	}

	@Test
	void notInANonWebApplicationNorWithoutSpringMvc() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
					MoleculerWebAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ServiceBroker.class)
				.doesNotHaveBean(MoleculerExceptionHandler.class));
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class,
					MoleculerWebAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).hasSingleBean(ServiceBroker.class)
				.doesNotHaveBean(MoleculerExceptionHandler.class));
	}

	private static ContextConsumer<AssertableWebApplicationContext> mvc(MockMvcCallback callback) {
		return (context) -> {
			assertThat(context).hasNotFailed();
			MockMvc mockMvc = MockMvcBuilders
				.webAppContextSetup((WebApplicationContext) context.getSourceApplicationContext())
				.build();
			callback.perform(mockMvc);
		};
	}

	@FunctionalInterface
	interface MockMvcCallback {

		void perform(MockMvc mockMvc) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebMvc
	static class MvcConfiguration {

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

		@GetMapping("/missing-join")
		Object missingJoin() {
			return this.broker.call("nowhere.find", null).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
		}

		@GetMapping("/missing-get")
		Object missingGet() throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
			return this.broker.call("nowhere.find", null).get(10, java.util.concurrent.TimeUnit.SECONDS);
		}

		@GetMapping("/reserve")
		CompletableFuture<Object> reserve(@RequestParam String quantity) {
			return this.broker.call("inventory.reserve", Map.of("quantity", quantity));
		}

		@GetMapping("/odd")
		Object odd() {
			throw new MoleculerError("moved", 302, null, null);
		}

		@GetMapping("/other")
		Object other() {
			throw new IllegalStateException("lookup failed", new ServiceNotFoundError("nowhere.find", null));
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
