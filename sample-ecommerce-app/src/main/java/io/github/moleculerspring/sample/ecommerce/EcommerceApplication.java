package io.github.moleculerspring.sample.ecommerce;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample shop: the {@code users}, {@code inventory}, {@code payments}, {@code orders} and
 * {@code notifications} services (each with its own tables) and the HTTP gateway, all in this JVM by
 * default, or the subset named by {@code shop.services} on each node of a NATS cluster. The
 * {@code greeter}, {@code math} and {@code stats} services of Moleculer's project template run
 * here too.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EcommerceApplication {

	public static void main(String[] args) {
		SpringApplication.run(EcommerceApplication.class, args);
	}

}
