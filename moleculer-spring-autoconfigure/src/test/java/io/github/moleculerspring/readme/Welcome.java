package io.github.moleculerspring.readme;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.broker.ServiceBroker;
import org.springframework.stereotype.Component;

/** The README's calling bean, as written there. */
@Component
class Welcome {

	private final ServiceBroker broker;

	Welcome(ServiceBroker broker) {
		this.broker = broker;
	}

	CompletableFuture<String> greet(String name) {
		this.broker.emit("user.created", Map.of("id", 7, "name", name));
		return this.broker.call("greeter.hello", Map.of("name", name), String.class);
	}

}
