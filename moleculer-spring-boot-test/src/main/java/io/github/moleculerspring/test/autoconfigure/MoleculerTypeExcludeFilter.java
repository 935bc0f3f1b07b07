package io.github.moleculerspring.test.autoconfigure;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.autoconfigure.CircuitBreakerCheck;
import io.github.moleculerspring.autoconfigure.RetryPolicyCheck;
import io.github.moleculerspring.autoconfigure.ServiceBrokerCustomizer;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.strategy.StrategyFactory;

import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

/**
 * {@link TypeExcludeFilter} of {@link MoleculerTest @MoleculerTest}: component scanning keeps the
 * {@link MoleculerService @MoleculerService} beans (only those named in
 * {@link MoleculerTest#services()} when it is set) and the beans that shape the broker as the
 * application has it ({@link Middleware}, {@link ServiceBrokerCustomizer}, {@link StrategyFactory},
 * {@link CircuitBreakerCheck}, {@link RetryPolicyCheck}, Jackson modules and
 * {@code @JacksonComponent}s); everything else (repositories, controllers, other configuration) is
 * left out.
 */
public final class MoleculerTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<MoleculerTest> {

	private static final Class<?>[] NO_SERVICES = {};

	private static final String[] OPTIONAL_INCLUDES = { "tools.jackson.databind.JacksonModule",
			"org.springframework.boot.jackson.JacksonComponent" };

	private static final Set<Class<?>> KNOWN_INCLUDES;

	private static final Set<Class<?>> KNOWN_INCLUDES_AND_SERVICES;

	static {
		Set<Class<?>> includes = new LinkedHashSet<>();
		includes.add(Middleware.class);
		includes.add(ServiceBrokerCustomizer.class);
		includes.add(StrategyFactory.class);
		includes.add(CircuitBreakerCheck.class);
		includes.add(RetryPolicyCheck.class);
		for (String optionalInclude : OPTIONAL_INCLUDES) {
			if (ClassUtils.isPresent(optionalInclude, MoleculerTypeExcludeFilter.class.getClassLoader())) {
				includes.add(ClassUtils.resolveClassName(optionalInclude,
						MoleculerTypeExcludeFilter.class.getClassLoader()));
			}
		}
		KNOWN_INCLUDES = Collections.unmodifiableSet(includes);
		Set<Class<?>> withServices = new LinkedHashSet<>(includes);
		withServices.add(MoleculerService.class);
		KNOWN_INCLUDES_AND_SERVICES = Collections.unmodifiableSet(withServices);
	}

	private final Class<?>[] services;

	MoleculerTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.services = getAnnotation().getValue("services", Class[].class).orElse(NO_SERVICES);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return ObjectUtils.isEmpty(this.services) ? KNOWN_INCLUDES_AND_SERVICES : KNOWN_INCLUDES;
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return new LinkedHashSet<>(Arrays.asList(this.services));
	}

}
