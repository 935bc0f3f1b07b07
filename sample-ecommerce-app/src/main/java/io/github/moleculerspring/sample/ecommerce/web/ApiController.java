package io.github.moleculerspring.sample.ecommerce.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small REST API over the Moleculer services. Query parameters are passed to the actions as they
 * are, so the services convert and validate them; the starter's {@code MoleculerExceptionHandler}
 * turns failures into problem details.
 */
@RestController
@ConditionalOnShopService("gateway")
@RequestMapping("/api")
class ApiController {

	private final ServiceBroker broker;

	ApiController(ServiceBroker broker) {
		this.broker = broker;
	}

	@GetMapping("/greet")
	CompletableFuture<Object> greet(@RequestParam(required = false) @Nullable String name) {
		if (name == null) {
			return this.broker.call("greeter.hello", null);
		}
		return this.broker.call("greeter.welcome", params("name", name));
	}

	@GetMapping("/math/add")
	CompletableFuture<Object> add(@RequestParam(required = false) @Nullable String a,
			@RequestParam(required = false) @Nullable String b) {
		return this.broker.call("math.add", params("a", a, "b", b));
	}

	@GetMapping("/math/div")
	CompletableFuture<Object> div(@RequestParam(required = false) @Nullable String a,
			@RequestParam(required = false) @Nullable String b) {
		return this.broker.call("math.div", params("a", a, "b", b));
	}

	@GetMapping("/stats/welcomed")
	CompletableFuture<Object> welcomed() {
		return this.broker.call("stats.welcomed", null);
	}

	private static Map<String, Object> params(@Nullable String... keyValues) {
		Map<String, Object> params = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			if (keyValues[i + 1] != null) {
				params.put(keyValues[i], keyValues[i + 1]);
			}
		}
		return params;
	}

}
