package io.github.moleculerspring.readme;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerClientError;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's getting-started code (the classes of this package are the README's snippets):
 * if the README's API drifts from the code, this stops compiling or fails.
 */
class GettingStartedExampleTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class))
		.withBean(GreeterService.class)
		.withBean(Welcome.class)
		.withBean(AuditMiddleware.class)
		.withBean(InventoryService.class)
		.withBean(AdminService.class);

	@Test
	void theReadmeServiceAnswersCallsEventsAndNestedCalls() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(context.getBean(Welcome.class).greet("Ann").get(5, TimeUnit.SECONDS)).isEqualTo("Hello Ann");
			GreeterService greeter = context.getBean(GreeterService.class);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (greeter.created.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(greeter.created).containsExactly(new GreeterService.UserCreated(7, "Ann"));

			Map<String, Object> meta = new java.util.HashMap<>();
			GreeterService.Order order = broker
				.call("greeter.place", Map.of("sku", "MUG-1", "quantity", 2), CallOptions.meta(meta))
				.thenApply((result) -> broker.options().mapper().convertValue(result, GreeterService.Order.class))
				.get(5, TimeUnit.SECONDS);
			assertThat(order).isEqualTo(new GreeterService.Order("r-MUG-1", "MUG-1"));
			assertThat(meta).containsKey("placedAt");
			assertThat(broker.registry().getLocalActionEndpoint("greeter.place").descriptor())
				.containsEntry("rest", "POST /orders")
				.containsEntry("timeout", 2000L);
		});
	}

	@Test
	void theReadmeMiddlewareRejectsAdminCallsWithoutAUser() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.call("admin.wipe", null))
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOfSatisfying(MoleculerClientError.class, (error) -> {
					assertThat(error.getCode()).isEqualTo(403);
					assertThat(error.getType()).isEqualTo("FORBIDDEN");
				});
			assertThat(broker.call("admin.wipe", null, CallOptions.meta(Map.of("user", "ann"))).get(5, TimeUnit.SECONDS))
				.isEqualTo("wiped");
		});
	}

	@MoleculerService
	static class InventoryService {

		@Action
		public GreeterService.Order reserve(@Param("sku") String sku) {
			return new GreeterService.Order("r-" + sku, sku);
		}

	}

	@MoleculerService
	static class AdminService {

		@Action
		public String wipe() {
			return "wiped";
		}

	}

}
