package io.github.moleculerspring.annotation.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.service.ServiceDefinition;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that a {@link MoleculerHandlerMethod}'s plan is bound once, when it is created: the
 * resolvers are chosen then, the validator is not called for a method without constraints, and
 * params bind to the declared type from a tree as from Java values.
 */
class HandlerMethodPlanTests {

	private static final int CALLS = 200;

	private final JsonMapper mapper = BrokerOptions.defaultMapper();

	private final ServiceBroker broker = new ServiceBroker(
			BrokerOptions.builder().nodeID("plan-tests").internalServices(false).build());

	private final ValidatorFactory validatorFactory = Validation.buildDefaultValidatorFactory();

	@AfterEach
	void close() {
		this.broker.close();
		this.validatorFactory.close();
	}

	@Test
	void anArgumentResolverIsAskedWhichParametersItSupportsOnlyWhenTheHandlerIsCreated() throws Exception {
		CountingResolver resolver = new CountingResolver();
		MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(this.mapper, null,
				ParamsCoercion.STRICT, List.of(resolver));
		MoleculerHandlerMethod handler = factory.createActionMethod(new Handlers(), method("tenant"), Handlers.class);
		int atStartup = resolver.supports.get();
		assertThat(atStartup).isEqualTo(2);
		start(ServiceDefinition.builder("plan").action("tenant", handler::invoke).build());
		for (int i = 0; i < CALLS; i++) {
			assertThat(call("plan.tenant", Map.of("name", "n" + i))).isEqualTo("acme/n" + i);
		}
		assertThat(resolver.supports.get()).isEqualTo(atStartup);
		assertThat(resolver.resolves.get()).isEqualTo(CALLS);
	}

	@Test
	void aMethodWithoutConstraintsNeverCallsTheValidator() throws Exception {
		AtomicInteger validatorCalls = new AtomicInteger();
		Validator validator = counting(this.validatorFactory.getValidator(), validatorCalls);
		MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(this.mapper,
				new JakartaParamsValidator(validator));
		MoleculerHandlerMethod plain = factory.createActionMethod(new Handlers(), method("echoRecord"), Handlers.class);
		MoleculerHandlerMethod map = factory.createActionMethod(new Handlers(), method("echoMap"), Handlers.class);
		MoleculerHandlerMethod checked = factory.createActionMethod(new Handlers(), method("echoChecked"),
				Handlers.class);
		int atStartup = validatorCalls.get();
		start(ServiceDefinition.builder("plan")
			.action("record", plain::invoke)
			.action("map", map::invoke)
			.action("checked", checked::invoke)
			.build());
		for (int i = 0; i < CALLS; i++) {
			assertThat(call("plan.record", Map.of("name", "a", "qty", i))).isEqualTo(new Item("a", i));
			assertThat(call("plan.map", Map.of("qty", i))).isEqualTo(Map.of("qty", i));
		}
		assertThat(validatorCalls.get()).isEqualTo(atStartup);

		assertThat(call("plan.checked", Map.of("name", "a", "qty", 1))).isEqualTo(new CheckedItem("a", 1));
		assertThat(validatorCalls.get()).isGreaterThan(atStartup);
		ValidationError error = validationError("plan.checked", Map.of("name", " ", "qty", 0));
		assertThat(error.getViolations()).extracting(ValidationError.Violation::field)
			.containsExactlyInAnyOrder("name", "qty");
		assertThat(error.getViolations()).extracting(ValidationError.Violation::type)
			.containsExactlyInAnyOrder("numberMin", "stringEmpty");
	}

	@Test
	void paramsBindToTheDeclaredTypeFromATreeAndFromJavaValues() throws Exception {
		MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(this.mapper, null);
		start(ServiceDefinition.builder("plan")
			.action("record", factory.createActionMethod(new Handlers(), method("echoRecord"), Handlers.class)::invoke)
			.action("map", factory.createActionMethod(new Handlers(), method("echoMap"), Handlers.class)::invoke)
			.action("qty", factory.createActionMethod(new Handlers(), method("qty"), Handlers.class)::invoke)
			.build());
		JsonNode tree = this.mapper.readTree("{\"name\":\"pen\",\"qty\":3}");
		assertThat(call("plan.record", tree)).isEqualTo(new Item("pen", 3));
		assertThat(call("plan.map", tree)).isEqualTo(Map.of("name", "pen", "qty", 3));
		assertThat(call("plan.qty", tree)).isEqualTo(4);
		assertThat(call("plan.qty", Map.of("qty", 3))).isEqualTo(4);
		assertThat(call("plan.map", this.mapper.readTree("null"))).isEqualTo(Map.of());
		assertThat(call("plan.map", null)).isEqualTo(Map.of());
		ValidationError error = validationError("plan.record", this.mapper.readTree("{\"name\":1,\"qty\":\"x\"}"));
		assertThat(error.getViolations()).extracting(ValidationError.Violation::field)
			.containsExactlyInAnyOrder("name", "qty");
	}

	@Test
	void aLocalCallsMapReachesAMapParameterWithoutACopy() throws Exception {
		MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(this.mapper, null);
		MoleculerHandlerMethod handler = factory.createActionMethod(new Handlers(), method("echoMap"), Handlers.class);
		start(ServiceDefinition.builder("plan").action("map", handler::invoke).build());
		Map<String, Object> params = new LinkedHashMap<>(Map.of("qty", 1));
		assertThat(call("plan.map", params)).isSameAs(params);
	}

	private void start(ServiceDefinition service) throws Exception {
		this.broker.createService(service);
		this.broker.start().get(5, TimeUnit.SECONDS);
	}

	private @Nullable Object call(String action, @Nullable Object params) throws Exception {
		return this.broker.call(action, params).get(5, TimeUnit.SECONDS);
	}

	private ValidationError validationError(String action, Object params) throws Exception {
		try {
			this.broker.call(action, params).get(5, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(ValidationError.class);
			return (ValidationError) ex.getCause();
		}
		throw new AssertionError("the call did not fail");
	}

	/** A validator that counts every call made on it and on what it returns. */
	private static Validator counting(Validator validator, AtomicInteger calls) {
		return (Validator) countingProxy(validator, Validator.class, calls);
	}

	private static Object countingProxy(Object target, Class<?> type, AtomicInteger calls) {
		InvocationHandler handler = (proxy, method, args) -> {
			calls.incrementAndGet();
			try {
				Object result = method.invoke(target, args);
				Class<?> returned = method.getReturnType();
				return (returned.isInterface() && result != null && returned.getPackageName().startsWith("jakarta"))
						? countingProxy(result, returned, calls) : result;
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		};
		return Proxy.newProxyInstance(HandlerMethodPlanTests.class.getClassLoader(), new Class<?>[] { type },
				handler);
	}

	private static Method method(String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(Handlers.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	record Item(@Nullable String name, int qty) {
	}

	record CheckedItem(@NotBlank String name, @Min(1) int qty) {
	}

	/** A value the application resolves itself. */
	@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
	@interface Tenant {

	}

	static class CountingResolver implements ArgumentResolver {

		final AtomicInteger supports = new AtomicInteger();

		final AtomicInteger resolves = new AtomicInteger();

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			this.supports.incrementAndGet();
			return parameter.hasParameterAnnotation(Tenant.class);
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Context ctx) {
			this.resolves.incrementAndGet();
			return "acme";
		}

	}

	static class Handlers {

		String tenant(@Tenant String tenant, @Param("name") String name) {
			return tenant + "/" + name;
		}

		Item echoRecord(Item item) {
			return item;
		}

		Map<String, Object> echoMap(Map<String, Object> params) {
			return params;
		}

		CheckedItem echoChecked(CheckedItem item) {
			return item;
		}

		int qty(@Param("qty") int qty) {
			return qty + 1;
		}

	}

}
