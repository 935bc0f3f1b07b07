package io.github.moleculerspring.benchmarks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot node of the cluster benchmark, run as users run an application:
 * {@code java -jar benchmarks-spring-app.jar --moleculer.transporter=nats://... --moleculer.namespace=...
 * --moleculer.node-id=...}. By default it is the responder ({@link BenchService}); with
 * {@code --spring.profiles.active=caller} it runs the closed loop of {@link BenchCaller} and exits.
 */
@SpringBootApplication
public class BenchSpringApplication {

	public static void main(String[] args) {
		SpringApplication.run(BenchSpringApplication.class, args);
	}

}
