package io.github.moleculerspring.readme;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;

/** The README's getting-started service, as written there (the README test keeps them in step). */
@MoleculerService                      // service "greeter" (the class name without "Service")
public class GreeterService {

	final java.util.List<UserCreated> created = new java.util.concurrent.CopyOnWriteArrayList<>();

	@Action                             // action "greeter.hello"
	public String hello(@Param("name") String name) {
		return "Hello " + name;
	}

	@Action(timeout = 2000, rest = "POST /orders")                     // rest: published for API gateways
	public CompletionStage<Order> place(Context ctx, NewOrder order) {   // one record receives all params
		ctx.meta().put("placedAt", System.currentTimeMillis());           // meta flows back to the caller
		// ctx.nodeID() is the node the call came from (the caller's), ctx.requestID() the chain's ID
		return ctx.call("inventory.reserve", Map.of("sku", order.sku()), Order.class);
	}

	@Event(name = "user.created", group = "mailers")                    // one handler per group per emit
	public void onUserCreated(UserCreated user) {
		this.created.add(user);
	}

	public record NewOrder(String sku, int quantity) { }
	public record Order(String id, String sku) { }
	public record UserCreated(long id, String name) { }

}
