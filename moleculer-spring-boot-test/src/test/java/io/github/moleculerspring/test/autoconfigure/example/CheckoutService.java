package io.github.moleculerspring.test.autoconfigure.example;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;

/**
 * {@code checkout}: {@code checkout.place} reserves stock with {@code inventory.reserve}, a service
 * of another team that the tests replace with a double.
 */
@MoleculerService("checkout")
public class CheckoutService {

	@Action
	public CompletionStage<Reservation> place(Context ctx, @Param("sku") String sku,
			@Param("quantity") int quantity) {
		return ctx.call("inventory.reserve", Map.of("sku", sku, "quantity", quantity), Reservation.class);
	}

	/**
	 * The answer of {@code inventory.reserve}.
	 * @param sku the product
	 * @param quantity how many are reserved
	 * @param reservationId the reservation
	 */
	public record Reservation(String sku, int quantity, String reservationId) {
	}

}
