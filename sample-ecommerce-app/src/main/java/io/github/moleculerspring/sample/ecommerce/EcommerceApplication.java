package io.github.moleculerspring.sample.ecommerce;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample application: the {@code greeter}, {@code math} and {@code stats} services run in this
 * JVM's broker, and a REST API calls them.
 */
@SpringBootApplication
public class EcommerceApplication {

	public static void main(String[] args) {
		SpringApplication.run(EcommerceApplication.class, args);
	}

}
