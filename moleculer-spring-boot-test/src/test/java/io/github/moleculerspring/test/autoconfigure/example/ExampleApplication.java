package io.github.moleculerspring.test.autoconfigure.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application of the slice tests: its package holds three {@code @MoleculerService}s, a plain
 * component, and the tests.
 */
@SpringBootApplication
public class ExampleApplication {

}
