package io.github.moleculerspring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * {@link ImportAutoConfiguration Auto-configuration imports} of a {@link MoleculerTest @MoleculerTest}:
 * the broker ({@code MoleculerAutoConfiguration}), Jackson, Bean Validation when it is on the
 * classpath, and {@link MoleculerTestAutoConfiguration} (the private in-JVM bus, the
 * {@code MoleculerTester} and the {@code EventRecorder}). NATS, metrics, observations, health and
 * the Actuator endpoint are left out, as Spring Boot's slices leave out what they do not test.
 * The list is {@code META-INF/spring/io.github.moleculerspring.test.autoconfigure.AutoConfigureMoleculer.imports};
 * other modules may add to it with a file of the same name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureMoleculer {

}
