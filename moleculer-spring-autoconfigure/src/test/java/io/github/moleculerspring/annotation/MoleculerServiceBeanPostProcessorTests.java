package io.github.moleculerspring.annotation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.PriorityOrdered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link MoleculerServiceBeanPostProcessor}.
 */
class MoleculerServiceBeanPostProcessorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class));

	@Test
	void serviceNameIsDerivedFromTheClassAndActionNameFromTheMethod() {
		this.contextRunner.withBean(GreeterService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "greeter.hello", Map.of("name", "John"))).isEqualTo("Hello John");
			assertThat(call(broker, "greeter.shout", Map.of("name", "john"))).isEqualTo("JOHN!");
		});
	}

	@Test
	void defaultServiceNameDropsTheServiceSuffix() {
		assertThat(MoleculerServiceBeanPostProcessor.defaultServiceName(GreeterService.class)).isEqualTo("greeter");
		assertThat(MoleculerServiceBeanPostProcessor.defaultServiceName(OrderItemsService.class))
			.isEqualTo("orderItems");
		assertThat(MoleculerServiceBeanPostProcessor.defaultServiceName(Inventory.class)).isEqualTo("inventory");
	}

	@Test
	void versionSettingsAndMetadataComeFromTheAnnotation() {
		this.contextRunner.withBean(VersionedService.class).withPropertyValues("test.api-key=secret").run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ServiceDefinition definition = localService(broker, "v2.math");
			assertThat(definition.version()).isEqualTo(2);
			assertThat(definition.settings()).containsEntry("precision", "2").containsEntry("apiKey", "secret");
			assertThat(definition.publicSettings()).containsOnly(Map.entry("precision", "2"));
			assertThat(definition.metadata()).containsOnly(Map.entry("region", "eu"));
			assertThat(call(broker, "v2.math.pi", null)).isEqualTo(3.14);
			Map<String, Object> descriptor = broker.registry().getLocalActionEndpoint("v2.math.pi").descriptor();
			assertThat(descriptor).containsEntry("description", "The number pi")
				.containsEntry("rest", "GET /pi")
				.containsEntry("timeout", 1500L)
				.containsEntry("visibility", "public");
		});
	}

	@Test
	void unannotatedParameterReceivesAllParams() {
		this.contextRunner.withBean(OrderService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Map<String, Object> params = Map.of("product", "apple", "quantity", 3, "tags", List.of("fresh"));
			assertThat(call(broker, "order.create", params)).isEqualTo("3 x apple [fresh]");
			assertThat(call(broker, "order.keys", params)).isEqualTo(List.of("product", "quantity", "tags"));
			assertThat(call(broker, "order.tree", params)).isEqualTo("apple");
			ValidationError missingQuantity = validationError(broker.call("order.create", null));
			assertThat(missingQuantity.getViolations()).singleElement()
				.satisfies((violation) -> assertThat(violation.field()).isEqualTo("quantity"));
		});
	}

	@Test
	void contextMetaAndCompletionStageAreSupported() {
		this.contextRunner.withBean(ContextService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Map<String, Object> meta = new LinkedHashMap<>();
			meta.put("user", "alice");
			meta.put("tenant", 7);
			Object result = broker.call("ctx.whoAmI", Map.of(), CallOptions.builder().meta(meta).build())
				.get(5, TimeUnit.SECONDS);
			assertThat(result).isEqualTo("alice@7 via ctx.whoAmI level 1");
			assertThat(meta).containsEntry("seen", true);
			assertThat(call(broker, "ctx.later", Map.of("value", 20))).isEqualTo(21);
			assertThat(call(broker, "ctx.nothing", Map.of())).isNull();
			assertThat(context.getBean(ContextService.class).nothingCalls).isEqualTo(1);
		});
	}

	@Test
	void missingMetaIsNullUnlessRequired() {
		this.contextRunner.withBean(ContextService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "ctx.optionalMeta", Map.of())).isEqualTo("anonymous");
			ValidationError error = validationError(broker.call("ctx.whoAmI", Map.of()));
			assertThat(error.getViolations()).singleElement().satisfies((violation) -> {
				assertThat(violation.type()).isEqualTo("required");
				assertThat(violation.field()).isEqualTo("meta.user");
			});
		});
	}

	@Test
	void optionalAndNullableParamsMayBeMissing() {
		this.contextRunner.withBean(OptionalParamsService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "optionalParams.describe", Map.of())).isEqualTo("empty/null/none");
			assertThat(call(broker, "optionalParams.describe", Map.of("limit", 5, "sort", "asc", "filter", "x")))
				.isEqualTo("5/asc/x");
			assertThat(call(broker, "optionalParams.sum", Map.of("values", List.of(1, 2, 3)))).isEqualTo(6);
		});
	}

	@Test
	void paramThatDoesNotConvertFailsWithValidationErrorNamingTheField() {
		this.contextRunner.withBean(GreeterService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ValidationError error = validationError(broker.call("greeter.repeat", Map.of("text", "a", "times", "x")));
			assertThat(error.getCode()).isEqualTo(422);
			assertThat(error.getViolations()).singleElement().satisfies((violation) -> {
				assertThat(violation.field()).isEqualTo("times");
				assertThat(violation.action()).isEqualTo("greeter.repeat");
			});
		});
	}

	@Test
	void missingRequiredParamFailsWithRequiredViolation() {
		this.contextRunner.withBean(GreeterService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			ValidationError error = validationError(broker.call("greeter.repeat", Map.of("text", "a")));
			assertThat(error.getViolations()).singleElement().satisfies((violation) -> {
				assertThat(violation.type()).isEqualTo("required");
				assertThat(violation.field()).isEqualTo("times");
				assertThat(violation.message()).isEqualTo("The 'times' field is required.");
			});
			Map<String, Object> nullName = new LinkedHashMap<>();
			nullName.put("name", null);
			assertThat(validationError(broker.call("greeter.hello", nullName)).getViolations())
				.extracting(ValidationError.Violation::type, ValidationError.Violation::field)
				.containsExactly(tuple("required", "name"));
		});
	}

	@Test
	void exceptionsOfHandlersPropagateToTheCaller() {
		this.contextRunner.withBean(FailingService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Throwable unexpected = failure(broker.call("failing.unexpected", Map.of()));
			assertThat(unexpected).isInstanceOf(MoleculerServerError.class).hasMessage("boom");
			assertThat(((MoleculerError) unexpected).getCode()).isEqualTo(500);
			Throwable moleculer = failure(broker.call("failing.notFound", Map.of()));
			assertThat(moleculer).isInstanceOf(MoleculerError.class).hasMessage("No such order");
			assertThat(((MoleculerError) moleculer).getCode()).isEqualTo(404);
			assertThat(((MoleculerError) moleculer).getType()).isEqualTo("ORDER_NOT_FOUND");
			Throwable async = failure(broker.call("failing.asyncFailure", Map.of()));
			assertThat(async).isInstanceOf(MoleculerServerError.class).hasMessage("async boom");
		});
	}

	@Test
	void eventsReachEachGroupWithConvertedPayloadAndMeta() {
		this.contextRunner.withBean(EventLog.class)
			.withBean(BillingService.class)
			.withBean(AuditService.class)
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				EventLog log = context.getBean(EventLog.class);
				broker.emit("order.created", Map.of("product", "apple", "quantity", 2),
						EmitOptions.DEFAULT.withMeta(Map.of("user", "bob")))
					.get(5, TimeUnit.SECONDS);
				assertThat(log.entries).containsExactlyInAnyOrder("billing:apple", "audit:apple x2 by bob");
				log.entries.clear();
				broker.emit("order.created", Map.of("product", "pear", "quantity", 1), EmitOptions.groups("audit"))
					.get(5, TimeUnit.SECONDS);
				assertThat(log.entries).containsExactly("audit:pear x1 by null");
				log.entries.clear();
				broker.emit("order.created", Map.of("product", "fig", "quantity", 1), EmitOptions.groups("billing"))
					.get(5, TimeUnit.SECONDS);
				assertThat(log.entries).containsExactly("billing:fig");
				assertThat(broker.registry().eventGroups("order.created")).containsExactlyInAnyOrder("billing", "audit");
			});
	}

	@Test
	void beanValidationFailsTheCallWith422AndFastestValidatorData() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withBean(ValidatedService.class)
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				Map<String, Object> params = Map.of("name", " ", "quantity", 0, "tags", List.of());
				ValidationError error = validationError(broker.call("validated.order", params));
				assertThat(error.getCode()).isEqualTo(422);
				assertThat(error.getType()).isEqualTo("VALIDATION_ERROR");
				assertThat(error.getMessage()).isEqualTo("Parameters validation error!");
				assertThat(error.getData()).isInstanceOf(List.class);
				assertThat(error.getViolations())
					.extracting(ValidationError.Violation::field, ValidationError.Violation::type,
							ValidationError.Violation::actual, ValidationError.Violation::expected)
					.containsExactly(tuple("name", "stringEmpty", " ", null),
							tuple("quantity", "numberMin", 0, 1L),
							tuple("tags", "arrayMin", 0, 1));
				assertThat(error.getViolations()).allSatisfy((violation) -> {
					assertThat(violation.message()).isNotBlank();
					assertThat(violation.action()).isEqualTo("validated.order");
					assertThat(violation.nodeID()).isEqualTo(broker.nodeID());
				});
				@SuppressWarnings("unchecked")
				Map<String, Object> first = ((List<Map<String, Object>>) error.getData()).get(0);
				assertThat(first).containsKeys("type", "field", "message");
				assertThat(call(broker, "validated.order", Map.of("name", "apple", "quantity", 2, "tags", List.of("a"))))
					.isEqualTo("ok");
			});
	}

	@Test
	void beanValidationChecksConstrainedParamValues() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withBean(ValidatedService.class)
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				ValidationError error = validationError(
						broker.call("validated.page", Map.of("size", 500, "address", Map.of("city", "x"))));
				assertThat(error.getViolations())
					.extracting(ValidationError.Violation::field, ValidationError.Violation::type)
					.containsExactly(tuple("address.city", "stringMin"),
							tuple("size", "numberMax"));
				assertThat(call(broker, "validated.page", Map.of("size", 50, "address", Map.of("city", "Rome"))))
					.isEqualTo(50);
			});
	}

	@Test
	void noValidationWithoutBeanValidationOnTheClasspath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("jakarta.validation", "org.hibernate.validator"))
			.withBean("validator", Validator.class, () -> Validation.buildDefaultValidatorFactory().getValidator())
			.withBean(ValidatedService.class)
			.run((context) -> {
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				assertThat(call(broker, "validated.order", Map.of("name", " ", "quantity", 0, "tags", List.of())))
					.isEqualTo("ok");
			});
	}

	@Test
	void noValidationWithoutValidatorBean() {
		this.contextRunner.withBean(ValidatedService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "validated.order", Map.of("name", " ", "quantity", 0, "tags", List.of())))
				.isEqualTo("ok");
		});
	}

	@Test
	void twoUnannotatedParametersFailTheContext() {
		this.contextRunner.withBean("twoParamsObjectsService", TwoParamsObjectsService.class)
			.run((context) -> assertFailure(context, "twoParamsObjectsService", "TwoParamsObjectsService.create(Order, Order)",
					"Only one parameter may be unannotated"));
	}

	@Test
	void unsupportedParamsObjectTypeFailsTheContext() {
		this.contextRunner.withBean("stringParamsService", StringParamsService.class)
			.run((context) -> assertFailure(context, "stringParamsService", "StringParamsService.hello(String)",
					"annotate it with @Param(\"name\")"));
	}

	@Test
	void paramWithoutNameFailsTheContext() {
		this.contextRunner.withBean("unnamedParamService", UnnamedParamService.class)
			.run((context) -> assertFailure(context, "unnamedParamService", "UnnamedParamService.hello(String)",
					"@Param without a name"));
	}

	@Test
	void optionalPrimitiveParamFailsTheContext() {
		this.contextRunner.withBean("optionalPrimitiveService", OptionalPrimitiveService.class)
			.run((context) -> assertFailure(context, "optionalPrimitiveService", "OptionalPrimitiveService.page(int)",
					"optional but primitive"));
	}

	@Test
	void eventWithoutNameFailsTheContext() {
		this.contextRunner.withBean("unnamedEventService", UnnamedEventService.class)
			.run((context) -> assertFailure(context, "unnamedEventService", "UnnamedEventService.on(Map)",
					"event name is missing"));
	}

	@Test
	void duplicateActionInOneBeanFailsTheContext() {
		this.contextRunner.withBean("duplicateActionService", DuplicateActionService.class)
			.run((context) -> assertFailure(context, "duplicateActionService", "DuplicateActionService.first()",
					"defines action 'get' twice", "DuplicateActionService.second()"));
	}

	@Test
	void serviceAlreadyRegisteredByAnotherBeanFailsTheContext() {
		this.contextRunner.withBean("greeter1", GreeterService.class)
			.withBean("greeter2", OtherGreeterService.class)
			.run((context) -> assertFailure(context, "service 'greeter' of bean 'greeter2'",
					"bean 'greeter1' already registered"));
	}

	@Test
	void actionAlreadyRegisteredByAnotherServiceFailsTheContext() {
		this.contextRunner.withBean("mathBean", DottedActionService.class)
			.withBean("mathAddBean", DottedServiceNameService.class)
			.run((context) -> assertFailure(context, "bean 'mathAddBean'", "action 'math.add.exact'",
					"DottedServiceNameService.exact()", "already registered"));
	}

	@Test
	void actionsOfProxiedBeansAreInvokedThroughTheProxy() {
		this.contextRunner.withBean(GreeterService.class)
			.withBean(ExclaimingProxyCreator.class)
			.run((context) -> {
				assertThat(AopUtils.isCglibProxy(context.getBean(GreeterService.class)))
					.isTrue();
				ServiceBroker broker = context.getBean(ServiceBroker.class);
				assertThat(call(broker, "greeter.hello", Map.of("name", "John"))).isEqualTo("Hello John!");
			});
	}

	@Test
	void paramsSchemaIsDerivedFromTheSignature() {
		this.contextRunner.withBean(SchemaService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Map<String, Object> add = broker.registry().getLocalActionEndpoint("schema.add").descriptor();
			assertThat(add).containsEntry("params",
					Map.of("a", Map.of("type", "number", "integer", true), "b", Map.of("type", "number"), "label",
							Map.of("type", "string", "optional", true)));
			Map<String, Object> create = broker.registry().getLocalActionEndpoint("schema.create").descriptor();
			@SuppressWarnings("unchecked")
			Map<String, Object> params = (Map<String, Object>) create.get("params");
			assertThat(params).containsOnlyKeys("customer", "lines", "priority", "express", "note", "dryRun");
			assertThat(params.get("customer")).isEqualTo(Map.of("type", "object", "props",
					Map.of("name", Map.of("type", "string", "empty", false), "address",
							Map.of("type", "object", "optional", true, "props",
									Map.of("city", Map.of("type", "string", "optional", true), "geo",
											Map.of("type", "object", "optional", true))))));
			assertThat(params.get("lines")).isEqualTo(Map.of("type", "array", "min", 1, "optional", true, "items",
					Map.of("type", "object", "props", Map.of("sku", Map.of("type", "string", "optional", true),
							"quantity", Map.of("type", "number", "integer", true, "min", 1L)))));
			assertThat(params.get("priority"))
				.isEqualTo(Map.of("type", "enum", "values", List.of("LOW", "HIGH"), "optional", true));
			assertThat(params.get("express")).isEqualTo(Map.of("type", "boolean"));
			assertThat(params.get("note")).isEqualTo(Map.of("type", "string", "optional", true));
			assertThat(params.get("dryRun")).isEqualTo(Map.of("type", "boolean", "optional", true));
			assertThat(broker.registry().getLocalActionEndpoint("schema.raw").descriptor()).doesNotContainKey("params");
		});
	}

	@Test
	void nonBlockingOfActionsAndEventsReachesTheirDefinitions() {
		this.contextRunner.withBean(NonBlockingService.class).run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(actionDefinition(broker, "pure.add").nonBlocking()).isTrue();
			assertThat(actionDefinition(broker, "pure.load").nonBlocking()).isFalse();
			assertThat(localService(broker, "pure").events())
				.extracting(EventDefinition::name, EventDefinition::nonBlocking)
				.containsExactlyInAnyOrder(tuple("tick", true), tuple("tock", false));
			assertThat(call(broker, "pure.add", Map.of("a", 2, "b", 3))).isEqualTo(5);
		});
	}

	private static ActionDefinition actionDefinition(ServiceBroker broker, String action) {
		ActionDefinition definition = broker.registry().getLocalActionEndpoint(action).definition();
		assertThat(definition).isNotNull();
		return definition;
	}

	private static void assertFailure(AssertableApplicationContext context, String... fragments) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		List<String> messages = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.add(String.valueOf(current.getMessage()));
		}
		assertThat(String.join("\n", messages)).contains(fragments);
	}

	private static ServiceDefinition localService(ServiceBroker broker, String fullName) {
		return broker.registry()
			.localServiceDefinitions()
			.stream()
			.filter((definition) -> definition.fullName().equals(fullName))
			.findFirst()
			.orElseThrow();
	}

	private static @Nullable Object call(ServiceBroker broker, String action, @Nullable Object params) throws Exception {
		return broker.call(action, params).get(5, TimeUnit.SECONDS);
	}

	private static Throwable failure(CompletableFuture<?> future) {
		Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
		assertThat(thrown).isNotNull();
		return MoleculerErrors.unwrap(thrown);
	}

	private static ValidationError validationError(CompletableFuture<?> future) {
		Throwable error = failure(future);
		assertThat(error).isInstanceOf(ValidationError.class);
		return (ValidationError) error;
	}

	@MoleculerService
	static class GreeterService {

		@Action
		String hello(@Param("name") String name) {
			return "Hello " + name;
		}

		@Action("shout")
		String loud(@Param("name") String name) {
			return name.toUpperCase() + "!";
		}

		@Action
		String repeat(@Param("text") String text, @Param("times") int times) {
			return text.repeat(times);
		}

	}

	/** Proxies {@link GreeterService} with advice that appends '!' to string results. */
	static class ExclaimingProxyCreator implements BeanPostProcessor, PriorityOrdered {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof GreeterService)) {
				return bean;
			}
			ProxyFactory factory = new ProxyFactory(bean);
			factory.setProxyTargetClass(true);
			factory.addAdvice((MethodInterceptor) (invocation) -> {
				Object result = invocation.proceed();
				return (result instanceof String text) ? text + "!" : result;
			});
			return factory.getProxy();
		}

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

	}

	@MoleculerService("greeter")
	static class OtherGreeterService {

		@Action
		String hello(@Param("name") String name) {
			return "Hi " + name;
		}

	}

	@MoleculerService("math")
	static class DottedActionService {

		@Action("add.exact")
		int exact() {
			return 1;
		}

	}

	@MoleculerService("math.add")
	static class DottedServiceNameService {

		@Action
		int exact() {
			return 2;
		}

	}

	static class OrderItemsService {

	}

	static class Inventory {

	}

	@MoleculerService(name = "math", version = "2", settings = { "precision=2", "apiKey=${test.api-key}" },
			secureSettings = "apiKey", metadata = "region=eu")
	static class VersionedService {

		@Action(description = "The number pi", rest = "GET /pi", timeout = 1500, visibility = Visibility.PUBLIC)
		double pi() {
			return 3.14;
		}

	}

	record Order(String product, int quantity, List<String> tags) {
	}

	@MoleculerService
	static class OrderService {

		@Action
		String create(Order order) {
			return order.quantity() + " x " + order.product() + " "
					+ ((order.tags() != null) ? order.tags() : Collections.emptyList());
		}

		@Action
		List<String> keys(Map<String, Object> params) {
			return new ArrayList<>(new java.util.TreeMap<>(params).keySet());
		}

		@Action
		String tree(JsonNode params) {
			return params.get("product").asString();
		}

	}

	@MoleculerService("ctx")
	static class ContextService {

		int nothingCalls;

		@Action
		String whoAmI(Context ctx, @Meta(name = "user", required = true) String user, @Meta("tenant") Integer tenant,
				@Meta Map<String, Object> meta) {
			meta.put("seen", true);
			return user + "@" + tenant + " via " + ctx.action() + " level " + ctx.level();
		}

		@Action
		String optionalMeta(@Meta("user") Optional<String> user) {
			return user.orElse("anonymous");
		}

		@Action
		CompletionStage<Integer> later(@Param("value") int value) {
			return CompletableFuture.supplyAsync(() -> value + 1);
		}

		@Action
		void nothing() {
			this.nothingCalls++;
		}

	}

	@MoleculerService
	static class OptionalParamsService {

		@Action
		String describe(@Param("limit") Optional<Integer> limit, @Param("sort") @Nullable String sort,
				@Param(name = "filter", required = false) String filter) {
			return limit.map(String::valueOf).orElse("empty") + "/" + sort + "/" + ((filter != null) ? filter : "none");
		}

		@Action
		int sum(@Param("values") List<Integer> values) {
			return values.stream().mapToInt(Integer::intValue).sum();
		}

	}

	@MoleculerService("failing")
	static class FailingService {

		@Action
		String unexpected() {
			throw new IllegalStateException("boom");
		}

		@Action
		String notFound() {
			throw new MoleculerError("No such order", 404, "ORDER_NOT_FOUND", null);
		}

		@Action
		CompletionStage<String> asyncFailure() {
			return CompletableFuture.failedFuture(new IllegalArgumentException("async boom"));
		}

	}

	static class EventLog {

		final List<String> entries = Collections.synchronizedList(new ArrayList<>());

	}

	record OrderCreated(String product, int quantity) {
	}

	@MoleculerService("invoices")
	static class BillingService {

		private final EventLog log;

		BillingService(EventLog log) {
			this.log = log;
		}

		@Event(name = "order.created", group = "billing")
		CompletionStage<Void> onOrder(OrderCreated event) {
			return CompletableFuture.runAsync(() -> this.log.entries.add("billing:" + event.product()));
		}

	}

	@MoleculerService("audit")
	static class AuditService {

		private final EventLog log;

		AuditService(EventLog log) {
			this.log = log;
		}

		@Event("order.*")
		void onOrder(Context ctx, OrderCreated event, @Meta("user") String user) {
			this.log.entries.add("audit:" + event.product() + " x" + event.quantity() + " by " + user);
		}

		@Action
		int count() {
			return 0;
		}

	}

	record ValidOrder(@NotBlank String name, @Min(1) int quantity, @Size(min = 1) List<String> tags) {
	}

	record Address(@Size(min = 2) String city) {
	}

	@MoleculerService("validated")
	static class ValidatedService {

		@Action
		String order(ValidOrder order) {
			return "ok";
		}

		@Action
		int page(@Param("size") @jakarta.validation.constraints.Max(100) int size,
				@Param("address") @Valid Address address) {
			return size;
		}

	}

	@MoleculerService
	static class TwoParamsObjectsService {

		@Action
		String create(Order first, Order second) {
			return "";
		}

	}

	@MoleculerService
	static class StringParamsService {

		@Action
		String hello(String name) {
			return name;
		}

	}

	@MoleculerService
	static class UnnamedParamService {

		@Action
		String hello(@Param String name) {
			return name;
		}

	}

	@MoleculerService
	static class OptionalPrimitiveService {

		@Action
		int page(@Param(name = "size", required = false) int size) {
			return size;
		}

	}

	@MoleculerService
	static class UnnamedEventService {

		@Event
		void on(Map<String, Object> payload) {
		}

	}

	@MoleculerService
	static class DuplicateActionService {

		@Action("get")
		String first() {
			return "1";
		}

		@Action("get")
		String second() {
			return "2";
		}

	}

	enum Priority {

		LOW, HIGH

	}

	record Geo(double lat, double lon) {
	}

	record CustomerAddress(String city, Geo geo) {
	}

	record Customer(@NotBlank String name, CustomerAddress address) {
	}

	record Line(String sku, @Min(1) int quantity) {
	}

	record CreateOrder(@jakarta.validation.constraints.NotNull Customer customer, @Size(min = 1) List<Line> lines,
			Priority priority, boolean express, @Nullable String note) {
	}

	@MoleculerService("schema")
	static class SchemaService {

		@Action
		double add(@Param("a") int a, @Param("b") double b, @Param("label") Optional<String> label) {
			return a + b;
		}

		@Action
		String create(CreateOrder order, @Param("dryRun") @Nullable Boolean dryRun) {
			return "";
		}

		@Action
		String raw(Context ctx) {
			return "";
		}

	}

	@MoleculerService("pure")
	static class NonBlockingService {

		@Action(nonBlocking = true)
		int add(@Param("a") int a, @Param("b") int b) {
			return a + b;
		}

		@Action
		String load() {
			return "";
		}

		@Event(name = "tick", nonBlocking = true)
		void onTick() {
		}

		@Event("tock")
		void onTock() {
		}

	}

}
