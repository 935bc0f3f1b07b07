package io.github.moleculerspring.autoconfigure.web;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.web.MoleculerExceptionHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link MoleculerExceptionHandler} in a
 * Spring WebFlux application, so that a controller calling the broker answers Moleculer errors with
 * problem details, as {@link MoleculerWebAutoConfiguration} does in a Spring MVC application: a
 * {@code Mono} or {@code CompletableFuture} failing with a {@code ServiceNotFoundError} is a
 * {@code 404}, a {@code ValidationError} a {@code 422} with the field errors, ...
 *
 * <p>
 * It registers the same advice: {@link MoleculerExceptionHandler} is built on spring-web alone
 * ({@code @RestControllerAdvice}, {@code @ExceptionHandler}, {@code ResponseEntity} of a
 * {@code ProblemDetail}), which WebFlux's annotated controllers honour as Spring MVC's do. So the
 * two applications answer alike, and the same way in both an application replaces the handler (a
 * {@link MoleculerExceptionHandler} bean of its own) or turns it off
 * ({@code moleculer.web.problem-details.enabled=false}). An application is either a servlet or a
 * reactive one, so at most one of the two auto-configurations applies.
 *
 * <p>
 * It maps Moleculer errors only. WebFlux's own exceptions (malformed JSON, a missing parameter)
 * become problem details with {@code spring.webflux.problemdetails.enabled=true}, Spring Boot's
 * switch.
 */
@AutoConfiguration
@ConditionalOnClass({ MoleculerError.class, DispatcherHandler.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "moleculer.web.problem-details.enabled", matchIfMissing = true)
public final class MoleculerWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MoleculerExceptionHandler moleculerExceptionHandler() {
		return new MoleculerExceptionHandler();
	}

}
