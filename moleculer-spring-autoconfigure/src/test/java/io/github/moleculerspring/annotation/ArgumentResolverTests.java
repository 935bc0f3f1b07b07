package io.github.moleculerspring.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.support.ArgumentResolver;
import io.github.moleculerspring.autoconfigure.MoleculerAutoConfiguration;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ArgumentResolver} beans: asked in their order, before the built-in bindings, for
 * the parameters of action, event and fallback methods.
 */
class ArgumentResolverTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MoleculerAutoConfiguration.class))
		.withUserConfiguration(Resolvers.class)
		.withBean(ProfileService.class);

	@Test
	void aCustomAnnotationIsResolvedFromTheMeta() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			Object result = broker.call("profile.show", Map.of("field", "email"),
					CallOptions.builder().meta(Map.of("user", "alice")).build())
				.get(5, TimeUnit.SECONDS);
			assertThat(result).isEqualTo("alice/email");
			assertThat(call(broker, "profile.show", Map.of("field", "email"))).isEqualTo("anonymous/email");
		});
	}

	@Test
	void aResolvedParameterIsNeitherInTheSchemaNorTheUnannotatedParams() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(broker.registry().getLocalActionEndpoint("profile.show").descriptor())
				.extractingByKey("params")
				.isEqualTo(Map.of("field", Map.of("type", "string")));
			Object result = broker.call("profile.all", Map.of("a", 1),
					CallOptions.builder().meta(Map.of("user", "bob")).build())
				.get(5, TimeUnit.SECONDS);
			assertThat(result).isEqualTo("bob {a=1} fr");
		});
	}

	@Test
	void theFirstResolverInOrderWins() {
		this.contextRunner.run((context) -> {
			ServiceBroker broker = context.getBean(ServiceBroker.class);
			assertThat(call(broker, "profile.all", Map.of())).isEqualTo("anonymous {} fr");
		});
	}

	private static @Nullable Object call(ServiceBroker broker, String action, @Nullable Object params) throws Exception {
		return broker.call(action, params).get(5, TimeUnit.SECONDS);
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.PARAMETER)
	@interface CurrentUser {

	}

	@Configuration(proxyBeanMethods = false)
	static class Resolvers {

		@Bean
		ArgumentResolver currentUserResolver() {
			return new ArgumentResolver() {

				@Override
				public boolean supportsParameter(MethodParameter parameter) {
					return parameter.hasParameterAnnotation(CurrentUser.class);
				}

				@Override
				public Object resolveArgument(MethodParameter parameter, Context ctx) {
					Object user = ctx.meta().get("user");
					return (user != null) ? user : "anonymous";
				}

			};
		}

		@Bean
		@Order(2)
		ArgumentResolver englishLocale() {
			return locale(Locale.ENGLISH);
		}

		@Bean
		@Order(1)
		ArgumentResolver frenchLocale() {
			return locale(Locale.FRENCH);
		}

		private static ArgumentResolver locale(Locale locale) {
			return new ArgumentResolver() {

				@Override
				public boolean supportsParameter(MethodParameter parameter) {
					return parameter.getParameterType() == Locale.class;
				}

				@Override
				public Object resolveArgument(MethodParameter parameter, Context ctx) {
					return locale;
				}

			};
		}

	}

	@MoleculerService
	static class ProfileService {

		@Action
		public String show(@CurrentUser String user, @Param("field") String field) {
			return user + "/" + field;
		}

		/** Without a resolver the Locale would be a second unannotated parameter, a bad signature. */
		@Action
		public String all(@CurrentUser String user, Map<String, Object> params, Locale locale) {
			return user + " " + params + " " + locale;
		}

	}

}
