package io.github.moleculerspring.sample.ecommerce.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's HTTP API. It only calls actions through the broker, wherever in the cluster they run,
 * passing the request's {@code X-Request-ID} as the Moleculer requestID; the actions validate the
 * bodies, and the starter's {@code MoleculerExceptionHandler} turns their errors into problem
 * details.
 */
@RestController
@RequestMapping("/api")
@ConditionalOnShopService("gateway")
class ShopController {

	private final ServiceBroker broker;

	ShopController(ServiceBroker broker) {
		this.broker = broker;
	}

	@PostMapping("/users")
	CompletableFuture<ResponseEntity<Object>> createUser(@RequestBody Map<String, Object> body,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return created(call("users.create", body, requestID), "/api/users/");
	}

	@GetMapping("/users")
	CompletableFuture<Object> users(@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("users.list", Map.of(), requestID);
	}

	@GetMapping("/users/{id}")
	CompletableFuture<Object> user(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("users.get", Map.of("id", id), requestID);
	}

	@PutMapping("/users/{id}")
	CompletableFuture<Object> updateUser(@PathVariable String id, @RequestBody Map<String, Object> body,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		Map<String, Object> params = new LinkedHashMap<>(body);
		params.put("id", id);
		return call("users.update", params, requestID);
	}

	@PostMapping("/users/{id}/activate")
	CompletableFuture<Object> activate(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("users.activate", Map.of("id", id), requestID);
	}

	@PostMapping("/users/{id}/deactivate")
	CompletableFuture<Object> deactivate(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("users.deactivate", Map.of("id", id), requestID);
	}

	@PostMapping("/products")
	CompletableFuture<ResponseEntity<Object>> createProduct(@RequestBody Map<String, Object> body,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return created(call("inventory.create", body, requestID), "/api/products/");
	}

	@GetMapping("/products")
	CompletableFuture<Object> products(@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("inventory.list", Map.of(), requestID);
	}

	@GetMapping("/products/{id}")
	CompletableFuture<Object> product(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("inventory.get", Map.of("id", id), requestID);
	}

	@PostMapping("/orders")
	CompletableFuture<ResponseEntity<Object>> createOrder(@RequestBody Map<String, Object> body,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return created(call("orders.create", body, requestID), "/api/orders/");
	}

	@GetMapping("/orders")
	CompletableFuture<Object> orders(@RequestParam(required = false) @Nullable String userId,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("orders.list", (userId != null) ? Map.of("userId", userId) : Map.of(), requestID);
	}

	@GetMapping("/orders/{id}")
	CompletableFuture<Object> order(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("orders.get", Map.of("id", id), requestID);
	}

	@PostMapping("/orders/{id}/cancel")
	CompletableFuture<Object> cancel(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("orders.cancel", Map.of("id", id), requestID);
	}

	@GetMapping("/orders/{id}/shipping")
	CompletableFuture<Object> shipping(@PathVariable String id,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("orders.shipping", Map.of("id", id), requestID);
	}

	@GetMapping("/notifications")
	CompletableFuture<Object> notifications(@RequestParam(required = false) @Nullable String userId,
			@RequestAttribute(RequestIdFilter.ATTRIBUTE) String requestID) {
		return call("notifications.list", (userId != null) ? Map.of("userId", userId) : Map.of(), requestID);
	}

	private CompletableFuture<Object> call(String action, Map<String, Object> params, String requestID) {
		return this.broker.call(action, params, CallOptions.builder().requestID(requestID).build());
	}

	private static CompletableFuture<ResponseEntity<Object>> created(CompletableFuture<Object> result, String path) {
		return result.thenApply((body) -> {
			Object id = (body instanceof Map<?, ?> map) ? map.get("id") : null;
			return (id != null) ? ResponseEntity.created(URI.create(path + id)).body(body)
					: ResponseEntity.status(201).body(body);
		});
	}

}
