package io.github.moleculerspring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.env.Environment;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Annotation for a test of Moleculer services that focuses <strong>only</strong> on them: a test
 * slice, as {@code @WebMvcTest} is for controllers.
 *
 * <p>
 * The application context has the broker and what shapes it, and no more: auto-configuration is
 * limited to Moleculer's broker, Jackson and Bean Validation (see
 * {@link AutoConfigureMoleculer @AutoConfigureMoleculer}), and component scanning to
 * {@code @MoleculerService} beans (only the {@link #services() services} listed, when any are),
 * {@code Middleware}, {@code ServiceBrokerCustomizer}, {@code StrategyFactory},
 * {@code CircuitBreakerCheck} and {@code RetryPolicyCheck} beans and Jackson modules. Whatever else
 * a service needs comes from {@link Import @Import}, a nested {@code @TestConfiguration} (for
 * instance a {@code @MoleculerService} test double of a service it calls), or
 * {@code @MockitoBean}.
 *
 * <p>
 * The broker runs in this JVM on a bus of its own, whatever {@code moleculer.transporter} the
 * application's configuration sets: the slice contributes a {@code @Primary} in-JVM
 * {@code Transporter}, so no test connects to NATS and tests never see the services of another
 * test context. Calls between the services under test are local calls, as on one node.
 *
 * <p>
 * A {@link io.github.moleculerspring.test.tester.MoleculerTester MoleculerTester} bean calls
 * actions and emits events with bounded waits; its
 * {@link io.github.moleculerspring.test.tester.EventRecorder EventRecorder} (also a bean) has
 * recorded every event delivered to the broker, cleared before each test method, to await them.
 *
 * <p>
 * For the whole application with its real transporter, use {@link SpringBootTest @SpringBootTest}.
 *
 * @see MoleculerTypeExcludeFilter
 * @see MoleculerTestAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(MoleculerTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(MoleculerTypeExcludeFilter.class)
@AutoConfigureMoleculer
@ImportAutoConfiguration
public @interface MoleculerTest {

	/**
	 * Properties in form {@literal key=value} added to the Spring {@link Environment} before the
	 * test runs, such as {@code moleculer.request-timeout=500}.
	 * @return the properties to add
	 */
	String[] properties() default {};

	/**
	 * The {@code @MoleculerService} classes to test. Alias of {@link #services()}.
	 * @return the services to test
	 */
	@AliasFor("services")
	Class<?>[] value() default {};

	/**
	 * The {@code @MoleculerService} classes to test; empty for every {@code @MoleculerService} found
	 * by component scanning.
	 * @return the services to test
	 */
	@AliasFor("value")
	Class<?>[] services() default {};

	/**
	 * Whether the default filtering applies to {@link SpringBootApplication @SpringBootApplication}'s
	 * component scanning: by default only the beans listed in the class description are included.
	 * @see #includeFilters()
	 * @see #excludeFilters()
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * Include filters that add otherwise filtered beans to the application context.
	 * @return include filters to apply
	 */
	Filter[] includeFilters() default {};

	/**
	 * Exclude filters that remove beans the default filters would add.
	 * @return exclude filters to apply
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration exclusions for this test.
	 * @return auto-configuration exclusions to apply
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
