package io.github.moleculerspring.sample.ecommerce.web;

import java.math.BigDecimal;
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
 * A small REST API over the Moleculer services. Query parameters are text: the numbers of
 * {@code /math} are passed to the actions as numbers when they read as decimal numbers, and as the
 * text otherwise, so that the services (which take no string for a number) validate them; the
 * starter's {@code MoleculerExceptionHandler} turns failures into problem details.
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
		return this.broker.call("math.add", params("a", number(a), "b", number(b)));
	}

	@GetMapping("/math/div")
	CompletableFuture<Object> div(@RequestParam(required = false) @Nullable String a,
			@RequestParam(required = false) @Nullable String b) {
		return this.broker.call("math.div", params("a", number(a), "b", number(b)));
	}

	@GetMapping("/stats/welcomed")
	CompletableFuture<Object> welcomed() {
		return this.broker.call("stats.welcomed", null);
	}

	/** A query value as a number when it is a decimal number ({@code 2}, {@code -3.5}), else as it is. */
	private static @Nullable Object number(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return new BigDecimal(text.trim());
		}
		catch (NumberFormatException ex) {
			return text;
		}
	}

	private static Map<String, Object> params(@Nullable Object... keyValues) {
		Map<String, Object> params = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			if (keyValues[i + 1] != null) {
				params.put((String) keyValues[i], keyValues[i + 1]);
			}
		}
		return params;
	}

}
