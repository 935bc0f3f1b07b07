package io.github.moleculerspring.annotation.support;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.annotation.Meta;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.context.Context;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MoleculerHandlerMethodFactory}.
 */
class MoleculerHandlerMethodFactoryTests {

	private final MoleculerHandlerMethodFactory factory = new MoleculerHandlerMethodFactory(
			BrokerOptions.defaultMapper(), null);

	@Test
	void schemaUsesThePropertyNamesOfTheMapper() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		MoleculerHandlerMethodFactory snakeCaseFactory = new MoleculerHandlerMethodFactory(snakeCase, null);
		MoleculerHandlerMethod handler = snakeCaseFactory.createActionMethod(new Handlers(), method("create"),
				Handlers.class);
		assertThat(handler.getParamsSchema()).containsOnlyKeys("first_name", "zip_codes");
		assertThat(handler.getParamsSchema()).containsEntry("zip_codes",
				Map.of("type", "array", "optional", true, "items", Map.of("type", "string")));
	}

	@Test
	void metaAndContextParametersAreNotInTheSchema() {
		MoleculerHandlerMethod handler = this.factory.createActionMethod(new Handlers(), method("audit"),
				Handlers.class);
		assertThat(handler.getParamsSchema()).containsOnlyKeys("limit");
	}

	@Test
	void actionWithoutParamsHasNoSchema() {
		MoleculerHandlerMethod handler = this.factory.createActionMethod(new Handlers(), method("ping"),
				Handlers.class);
		assertThat(handler.getParamsSchema()).isNull();
	}

	@Test
	void parameterWithBothParamAndMetaIsRejected() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createActionMethod(new Handlers(), method("both"), Handlers.class))
			.withMessageContaining("cannot have both @Param and @Meta");
	}

	@Test
	void unnamedMetaThatIsNotAMapIsRejected() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createActionMethod(new Handlers(), method("unnamedMeta"), Handlers.class))
			.withMessageContaining("@Meta without a name");
	}

	@Test
	void eventPayloadMayBeAnyType() {
		MoleculerHandlerMethod handler = this.factory.createEventMethod(new Handlers(), method("onText"),
				Handlers.class);
		assertThat(handler.getParamsSchema()).isNull();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.factory.createActionMethod(new Handlers(), method("onText"), Handlers.class))
			.withMessageContaining("cannot receive all the params");
	}

	private static Method method(String name) {
		for (Method method : ReflectionUtils.getDeclaredMethods(Handlers.class)) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	record Person(String firstName, List<String> zipCodes) {
	}

	static class Handlers {

		String create(Person person) {
			return person.firstName();
		}

		String audit(Context ctx, @Meta("user") String user, @Param("limit") int limit) {
			return user;
		}

		String ping(Context ctx) {
			return "pong";
		}

		String both(@Param("a") @Meta("a") String a) {
			return a;
		}

		String unnamedMeta(@Meta String user) {
			return user;
		}

		void onText(String text) {
		}

	}

}
