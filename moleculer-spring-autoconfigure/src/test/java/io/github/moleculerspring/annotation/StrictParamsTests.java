package io.github.moleculerspring.annotation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.autoconfigure.MoleculerNatsAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.test.NatsServer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.PriorityOrdered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the strict conversion of handler params, the field errors it reports, the lenient
 * mode, the published params schema and the handler methods rejected at startup.
 */
class StrictParamsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
				MoleculerAutoConfiguration.class))
		.withBean(Calls.class)
		.withBean(ShopService.class);

	@Test
	void fractionForAnIntIsRejectedAndTheHandlerIsNotCalled() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ValidationError error = validationError(broker.call("shop.order", order("apple", 1.5)));
			assertThat(error.getCode()).isEqualTo(422);
			assertThat(error.getType()).isEqualTo("VALIDATION_ERROR");
			assertThat(error.getMessage()).isEqualTo("Parameters validation error!");
			assertThat(error.getViolations()).singleElement().satisfies((violation) -> {
				assertThat(violation.type()).isEqualTo("numberInteger");
				assertThat(violation.field()).isEqualTo("quantity");
				assertThat(violation.actual()).isEqualTo(1.5);
				assertThat(violation.message()).isEqualTo("The 'quantity' field must be an integer.");
				assertThat(violation.action()).isEqualTo("shop.order");
				assertThat(violation.nodeID()).isEqualTo(broker.nodeID());
			});
			assertThat(context.getBean(Calls.class).count).hasValue(0);
			assertThat(call(broker, "shop.order", order("apple", 2))).isEqualTo("2 x apple");
			assertThat(context.getBean(Calls.class).count).hasValue(1);
		});
	}

	@Test
	void integralFloatingPointValueIsAnInteger() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "shop.order", order("apple", 2.0))).isEqualTo("2 x apple");
			assertThat(call(broker, "shop.scale", Map.of("factor", 3.0, "big", 4.0))).isEqualTo("3/4");
		});
	}

	@Test
	void valuesOfAnotherTypeAreNotCoerced() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(violations(broker.call("shop.echo", Map.of("text", 123))))
				.containsExactly(tuple("string", "text", 123));
			assertThat(violations(broker.call("shop.echo", Map.of("text", true))))
				.containsExactly(tuple("string", "text", true));
			assertThat(violations(broker.call("shop.scale", Map.of("factor", "2", "big", 1))))
				.containsExactly(tuple("number", "factor", "2"));
			assertThat(violations(broker.call("shop.scale", Map.of("factor", "2.7", "big", 1))))
				.containsExactly(tuple("number", "factor", "2.7"));
			assertThat(violations(broker.call("shop.flag", Map.of("on", 1))))
				.containsExactly(tuple("boolean", "on", 1));
			assertThat(violations(broker.call("shop.flag", Map.of("on", "true"))))
				.containsExactly(tuple("boolean", "on", "true"));
			assertThat(violations(broker.call("shop.price", Map.of("amount", "9.99"))))
				.containsExactly(tuple("number", "amount", "9.99"));
			assertThat(violations(broker.call("shop.priority", Map.of("priority", 0))))
				.containsExactly(tuple("enumValue", "priority", 0));
			ValidationError unknown = validationError(broker.call("shop.priority", Map.of("priority", "MID")));
			assertThat(unknown.getViolations()).singleElement().satisfies((violation) -> {
				assertThat(violation.type()).isEqualTo("enumValue");
				assertThat(violation.expected()).isEqualTo("LOW, HIGH");
				assertThat(violation.message())
					.isEqualTo("The 'priority' field value 'LOW, HIGH' does not match any of the allowed values.");
			});
			assertThat(call(broker, "shop.echo", Map.of("text", "123"))).isEqualTo("123");
			assertThat(call(broker, "shop.flag", Map.of("on", true))).isEqualTo(true);
			assertThat(call(broker, "shop.price", Map.of("amount", 9.99))).isEqualTo(9.99);
			assertThat(call(broker, "shop.price", Map.of("amount", 10))).isEqualTo(10.0);
			assertThat(call(broker, "shop.priority", Map.of("priority", "HIGH"))).isEqualTo("HIGH");
		});
	}

	@Test
	void integersThatOverflowTheJavaTypeAreRejectedAndLongsStillWork() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ValidationError error = validationError(broker.call("shop.scale", Map.of("factor", 3_000_000_000L, "big", 1)));
			assertThat(error.getViolations())
				.extracting(ValidationError.Violation::type, ValidationError.Violation::field,
						ValidationError.Violation::expected)
				.containsExactly(tuple("numberMax", "factor", Integer.MAX_VALUE));
			assertThat(violations(broker.call("shop.scale",
					Map.of("factor", 1, "big", new BigInteger("123456789012345678901234567890")))))
				.extracting((row) -> row.toList().subList(0, 2))
				.containsExactly(List.of("numberMax", "big"));
			assertThat(call(broker, "shop.scale", Map.of("factor", -7, "big", 9_000_000_000L)))
				.isEqualTo("-7/9000000000");
		});
	}

	@Test
	void missingPrimitiveIsRequiredWithoutLibraryMessages() {
		// 'product' is a String without @NotNull: optional, as the published schema says
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ValidationError error = validationError(broker.call("shop.order", Map.of()));
			assertThat(error.getViolations())
				.extracting(ValidationError.Violation::type, ValidationError.Violation::field,
						ValidationError.Violation::message)
				.containsExactly(tuple("required", "quantity", "The 'quantity' field is required."));
			assertNoLibraryInternals(error);
		});
	}

	@Test
	void conversionErrorsAndBeanValidationViolationsAreReportedTogether() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Map<String, Object> params = new LinkedHashMap<>();
			params.put("name", " ");
			params.put("age", 33.9);
			params.put("email", "not-an-email");
			params.put("lines", List.of(Map.of("sku", 5, "quantity", 1), Map.of("sku", "b", "quantity", "x"),
					Map.of("sku", "c", "quantity", 0)));
			ValidationError error = validationError(broker.call("shop.register", params));
			assertThat(error.getViolations())
				.extracting(ValidationError.Violation::field, ValidationError.Violation::type)
				.containsExactly(tuple("age", "numberInteger"), tuple("email", "email"),
						tuple("lines[0].sku", "string"), tuple("lines[1].quantity", "number"),
						tuple("lines[2].quantity", "numberPositive"), tuple("name", "stringEmpty"));
			assertNoLibraryInternals(error);
			assertThat(context.getBean(Calls.class).count).hasValue(0);
		});
	}

	@Test
	void paramValuesReportAllTheirErrorsAtOnce() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ValidationError error = validationError(
					broker.call("shop.page", Map.of("size", 1.5, "sort", 7, "discount", -1)));
			assertThat(error.getViolations())
				.extracting(ValidationError.Violation::field, ValidationError.Violation::type,
						ValidationError.Violation::expected)
				.containsExactly(tuple("discount", "numberMin", 0), tuple("page", "required", null),
						tuple("size", "numberInteger", null), tuple("sort", "string", null));
			assertThat(call(broker, "shop.page", Map.of("page", 1, "size", 10, "sort", "asc", "discount", 0)))
				.isEqualTo("1/10/asc/0");
		});
	}

	@Test
	void ruleNamesAreFastestValidatorsWithItsMessages() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Map<String, Object> params = new LinkedHashMap<>();
			params.put("positive", 0);
			params.put("positiveOrZero", -1);
			params.put("negative", 0);
			params.put("min", 1);
			params.put("max", 11);
			params.put("code", "ab");
			params.put("shortText", "a");
			params.put("tags", List.of("a", "b", "c"));
			ValidationError error = validationError(broker.call("shop.rules", params));
			assertThat(error.getViolations())
				.extracting(ValidationError.Violation::field, ValidationError.Violation::type,
						ValidationError.Violation::actual, ValidationError.Violation::expected,
						ValidationError.Violation::message)
				.containsExactly(
						tuple("code", "stringPattern", "ab", "/[A-Z]{3}/",
								"The 'code' field fails to match the required pattern."),
						tuple("label", "required", null, null, "The 'label' field is required."),
						tuple("max", "numberMax", 11, 10L, "The 'max' field must be less than or equal to 10."),
						tuple("min", "numberMin", 1, 2L, "The 'min' field must be greater than or equal to 2."),
						tuple("negative", "numberNegative", 0, null, "The 'negative' field must be a negative number."),
						tuple("positive", "numberPositive", 0, null, "The 'positive' field must be a positive number."),
						tuple("positiveOrZero", "numberMin", -1, 0,
								"The 'positiveOrZero' field must be greater than or equal to 0."),
						tuple("shortText", "stringMin", 1, 2,
								"The 'shortText' field length must be greater than or equal to 2 characters long."),
						tuple("tags", "arrayMax", 3, 2,
								"The 'tags' field must contain less than or equal to 2 items."));
		});
	}

	@Test
	void longValuesAreCutInTheError() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			String huge = "x".repeat(5_000_000);
			Map<String, Object> params = new LinkedHashMap<>();
			params.put("name", huge);
			params.put("age", huge);
			params.put("email", huge);
			params.put("lines", Collections.nCopies(5_000, Map.of("sku", "a", "quantity", 1)));
			params.put("tags", new ArrayList<>(Collections.nCopies(5_000, "t")));
			ValidationError error = validationError(broker.call("shop.register", params));
			assertThat(error.getViolations()).extracting(ValidationError.Violation::field)
				.containsExactly("age", "email", "lines", "name");
			ValidationError.Violation age = error.getViolations().get(0);
			assertThat(age.type()).isEqualTo("number");
			assertThat((String) age.actual()).hasSize(101).startsWith("xxx").endsWith("…");
			assertThat(error.getViolations().get(2).actual()).isEqualTo(5_000);
			assertThat(error.getViolations().get(3).actual()).isEqualTo(5_000_000);
			String json = context.getBean(JsonMapper.class).writeValueAsString(error.getData());
			assertThat(json.length()).isLessThan(3_000);
		});
	}

	@Test
	void eventPayloadsAreStrictToo() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Calls calls = context.getBean(Calls.class);
			broker.emit("stock.changed", Map.of("sku", "a", "quantity", 1.5)).get(5, TimeUnit.SECONDS);
			broker.emit("stock.changed", Map.of("sku", 7, "quantity", 1)).get(5, TimeUnit.SECONDS);
			assertThat(calls.events).isEmpty();
			broker.emit("stock.changed", Map.of("sku", "a", "quantity", 2)).get(5, TimeUnit.SECONDS);
			assertThat(calls.events).containsExactly("a:2");
		});
	}

	@Test
	void lenientModeKeepsJacksonsCoercion() {
		this.contextRunner.withPropertyValues("moleculer.params.coercion=lenient").run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "shop.order", order("apple", 1.5))).isEqualTo("1 x apple");
			assertThat(call(broker, "shop.echo", Map.of("text", 123))).isEqualTo("123");
		});
		this.contextRunner.withPropertyValues("moleculer.params.coercion=strict").run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(violations(broker.call("shop.order", order("apple", 1.5))))
				.containsExactly(tuple("numberInteger", "quantity", 1.5));
		});
	}

	@Test
	void unknownCoercionModeFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("moleculer.params.coercion=sloppy")
			.run((context) -> assertFailure(context, "moleculer.params.coercion", "sloppy"));
	}

	@Test
	void errorShapeSurvivesTheWire() {
		try (NatsServer nats = NatsServer.launch()) {
			ApplicationContextRunner node = new ApplicationContextRunner().withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
							MoleculerAutoConfiguration.class, MoleculerNatsAutoConfiguration.class))
				.withPropertyValues("moleculer.transporter=" + nats.url(), "moleculer.namespace=strict");
			node.withBean(Calls.class)
				.withBean(ShopService.class)
				.withPropertyValues("moleculer.node-id=shop-node")
				.run((shop) -> node.withPropertyValues("moleculer.node-id=caller-node").run((caller) -> {
					ServiceBroker broker = caller.getBean(ServiceBroker.class);
					await().atMost(Duration.ofSeconds(20))
						.until(() -> broker.registry().getActionEndpoints("shop.register") != null);
					Map<String, Object> params = new LinkedHashMap<>();
					params.put("name", "");
					params.put("age", 1.5);
					params.put("email", "ann@example.com");
					ValidationError error = validationError(broker.call("shop.register", params));
					assertThat(error.getCode()).isEqualTo(422);
					assertThat(error.getType()).isEqualTo("VALIDATION_ERROR");
					assertThat(error.getMessage()).isEqualTo("Parameters validation error!");
					assertThat(error.getViolations())
						.extracting(ValidationError.Violation::field, ValidationError.Violation::type,
								ValidationError.Violation::actual, ValidationError.Violation::nodeID,
								ValidationError.Violation::action)
						.containsExactly(tuple("age", "numberInteger", 1.5, "caller-node", "shop.register"),
								tuple("name", "stringEmpty", "", "caller-node", "shop.register"));
					assertThat(shop.getBean(Calls.class).count).hasValue(0);
				}));
		}
	}

	@Test
	void publishedSchemaCarriesTheRulesOfTypesAndConstraints() throws Exception {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			JsonMapper mapper = context.getBean(JsonMapper.class);
			Object params = broker.registry().getLocalActionEndpoint("shop.register").descriptor().get("params");
			JsonNode expected = mapper.readTree("""
					{
					  "name": {"type": "string", "empty": false, "max": 200},
					  "age": {"type": "number", "integer": true, "min": 0},
					  "email": {"type": "email", "optional": true},
					  "nickname": {"type": "string", "optional": true},
					  "priority": {"type": "enum", "values": ["LOW", "HIGH"], "optional": true},
					  "lines": {"type": "array", "max": 100, "optional": true, "items": {"type": "object", "props": {
					    "sku": {"type": "string", "empty": false},
					    "quantity": {"type": "number", "integer": true, "positive": true}
					  }}},
					  "tags": {"type": "array", "optional": true, "items": {"type": "string"}},
					  "score": {"type": "number", "negative": true, "optional": true},
					  "big": {"type": "number", "integer": true, "optional": true},
					  "ratio": {"type": "number", "optional": true},
					  "code": {"type": "string", "pattern": "[A-Z]{3}", "optional": true}
					}
					""");
			JsonNode actual = mapper.valueToTree(params);
			assertThat(actual).isEqualTo(expected);
			assertThat(mapper.writeValueAsString(params)).doesNotContain("convert");
		});
	}

	@Test
	void privateHandlerMethodFailsStartupNamingClassAndMethod() {
		this.contextRunner.withBean("privateActionService", PrivateActionService.class)
			.run((context) -> assertFailure(context, "PrivateActionService.secret(String)",
					"bean 'privateActionService'", "private"));
		this.contextRunner.withBean("privateEventService", PrivateEventService.class)
			.run((context) -> assertFailure(context, "PrivateEventService.on(Map)", "private"));
	}

	@Test
	void staticHandlerMethodFailsStartup() {
		this.contextRunner.withBean("staticActionService", StaticActionService.class)
			.run((context) -> assertFailure(context, "StaticActionService.now()", "static"));
	}

	@Test
	void finalHandlerMethodOfACglibProxiedBeanFailsStartup() {
		this.contextRunner.withBean("finalActionService", FinalActionService.class)
			.withBean(ProxyingPostProcessor.class)
			.run((context) -> assertFailure(context, "FinalActionService.hello()", "final", "CGLIB proxy"));
		this.contextRunner.withBean("finalActionService", FinalActionService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "finalAction.hello", null)).isEqualTo("hello");
		});
	}

	private static void assertNoLibraryInternals(ValidationError error) {
		for (ValidationError.Violation violation : error.getViolations()) {
			assertThat(violation.message()).doesNotContain("Jackson", "jackson", "DeserializationFeature", "`",
					"java.", "Cannot");
		}
	}

	private static void assertFailure(AssertableApplicationContext context, String... fragments) {
		assertThat(context).hasFailed();
		List<String> messages = new ArrayList<>();
		for (Throwable current = context.getStartupFailure(); current != null; current = current.getCause()) {
			messages.add(String.valueOf(current.getMessage()));
		}
		assertThat(String.join("\n", messages)).contains(fragments);
	}

	private static Map<String, Object> order(String product, Object quantity) {
		return Map.of("product", product, "quantity", quantity);
	}

	private static @Nullable Object call(ServiceBroker broker, String action, @Nullable Object params) throws Exception {
		return broker.call(action, params).get(10, TimeUnit.SECONDS);
	}

	private static ValidationError validationError(CompletableFuture<?> future) {
		Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
		assertThat(thrown).isNotNull();
		Throwable error = MoleculerErrors.unwrap(thrown);
		assertThat(error).isInstanceOf(ValidationError.class);
		return (ValidationError) error;
	}

	private static List<org.assertj.core.groups.Tuple> violations(CompletableFuture<?> future) {
		return validationError(future).getViolations()
			.stream()
			.map((violation) -> tuple(violation.type(), violation.field(), violation.actual()))
			.toList();
	}

	static class Calls {

		final AtomicInteger count = new AtomicInteger();

		final List<String> events = Collections.synchronizedList(new ArrayList<>());

	}

	enum Priority {

		LOW, HIGH

	}

	record Order(String product, int quantity) {
	}

	record Line(@NotBlank String sku, @Positive int quantity) {
	}

	record Registration(@NotBlank @Size(max = 200) String name, @PositiveOrZero int age, @Email String email,
			@Nullable String nickname, Priority priority, @Size(max = 100) List<@Valid Line> lines, List<String> tags,
			@Negative Double score, Long big, Double ratio, @Pattern(regexp = "[A-Z]{3}") String code) {
	}

	record Rules(@Positive int positive, @PositiveOrZero int positiveOrZero, @Negative int negative, @Min(2) int min,
			@Max(10) int max, @Pattern(regexp = "[A-Z]{3}") String code, @Size(min = 2) String shortText,
			@Size(max = 2) List<String> tags, @NotNull String label) {
	}

	record StockChanged(String sku, int quantity) {
	}

	@MoleculerService("shop")
	static class ShopService {

		private final Calls calls;

		ShopService(Calls calls) {
			this.calls = calls;
		}

		@Action
		String order(Order order) {
			this.calls.count.incrementAndGet();
			return order.quantity() + " x " + order.product();
		}

		@Action
		String register(Registration registration) {
			this.calls.count.incrementAndGet();
			return registration.name();
		}

		@Action
		String echo(@Param("text") String text) {
			return text;
		}

		@Action
		String scale(@Param("factor") int factor, @Param("big") long big) {
			return factor + "/" + big;
		}

		@Action
		boolean flag(@Param("on") boolean on) {
			return on;
		}

		@Action
		double price(@Param("amount") Double amount) {
			return amount;
		}

		@Action
		String priority(@Param("priority") Priority priority) {
			return priority.name();
		}

		@Action
		String page(@Param("page") int page, @Param("size") int size, @Param("sort") String sort,
				@Param("discount") @PositiveOrZero int discount) {
			return page + "/" + size + "/" + sort + "/" + discount;
		}

		@Action
		String rules(Rules rules) {
			return "ok";
		}

		@Event("stock.changed")
		void stockChanged(StockChanged event) {
			this.calls.events.add(event.sku() + ":" + event.quantity());
		}

	}

	@MoleculerService
	static class PrivateActionService {

		@Action
		private String secret(@Param("name") String name) {
			return name;
		}

	}

	@MoleculerService
	static class PrivateEventService {

		@Event("x.happened")
		private void on(Map<String, Object> payload) {
		}

	}

	@MoleculerService
	static class StaticActionService {

		@Action
		static long now() {
			return 0;
		}

	}

	@MoleculerService
	static class FinalActionService {

		@Action
		final String hello() {
			return "hello";
		}

	}

	/** Proxies {@link FinalActionService} with CGLIB, as an aspect would. */
	static class ProxyingPostProcessor implements BeanPostProcessor, PriorityOrdered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof FinalActionService)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> invocation.proceed());
			return factory.getProxy();
		}

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

	}

}
