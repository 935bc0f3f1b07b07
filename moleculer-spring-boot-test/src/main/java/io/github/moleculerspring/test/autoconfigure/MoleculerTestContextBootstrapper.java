package io.github.moleculerspring.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;
import org.springframework.test.context.TestContextBootstrapper;

/**
 * {@link TestContextBootstrapper} of {@link MoleculerTest @MoleculerTest}: Spring Boot's slice
 * bootstrapper, which finds the {@code @SpringBootConfiguration} and adds the annotation's
 * {@code properties}.
 */
class MoleculerTestContextBootstrapper extends TestSliceTestContextBootstrapper<MoleculerTest> {

}
