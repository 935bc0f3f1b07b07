package io.github.moleculerspring.readme;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.middleware.Middleware;
import io.github.moleculerspring.registry.ActionEndpoint;
import org.springframework.stereotype.Component;

/** The README's middleware, as written there. */
@Component
class AuditMiddleware implements Middleware {

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		return (ctx) -> {
			if (ctx.meta().get("user") == null && endpoint.name().startsWith("admin.")) {
				return CompletableFuture.failedFuture(new io.github.moleculerspring.error.MoleculerClientError(
						"Not allowed", 403, "FORBIDDEN", null));
			}
			return next.invoke(ctx);
		};
	}

}
