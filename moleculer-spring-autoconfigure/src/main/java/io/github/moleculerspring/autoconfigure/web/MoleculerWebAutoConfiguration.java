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
import org.springframework.web.servlet.DispatcherServlet;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link MoleculerExceptionHandler} in a
 * Spring MVC application, so that a controller calling the broker answers Moleculer errors with
 * problem details ({@code 404} for {@code SERVICE_NOT_FOUND}, {@code 422} with the field errors for
 * a {@code ValidationError}, ...). {@code moleculer.web.problem-details.enabled=false} turns it
 * off; a {@link MoleculerExceptionHandler} bean of the application replaces it.
 *
 * <p>
 * It maps Moleculer errors only. Spring MVC's own exceptions (malformed JSON, a missing parameter)
 * become problem details with {@code spring.mvc.problemdetails.enabled=true}, Spring Boot's
 * switch; a library should not take over every error of the application.
 */
@AutoConfiguration
@ConditionalOnClass({ MoleculerError.class, DispatcherServlet.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "moleculer.web.problem-details.enabled", matchIfMissing = true)
public final class MoleculerWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MoleculerExceptionHandler moleculerExceptionHandler() {
		return new MoleculerExceptionHandler();
	}

}
