package io.github.moleculerspring.test.autoconfigure.example;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/**
 * {@code orders}: {@code orders.place} reserves stock with {@code inventory.reserve} (a service of
 * another team, which the tests replace with a double) and emits {@code order.placed}. The service
 * of the README's "Testing your services" example.
 */
@MoleculerService("orders")
public class OrdersService {

	@Action
	public CompletionStage<Order> place(Context ctx, @Param("sku") @NotBlank String sku,
			@Param("quantity") @Positive int quantity) {
		return ctx.call("inventory.reserve", Map.of("sku", sku, "quantity", quantity)).thenApply((reserved) -> {
			Order order = new Order(UUID.randomUUID().toString(), sku, quantity, "PLACED");
			ctx.emit("order.placed", order);
			return order;
		});
	}

}
