package io.github.moleculerspring.middleware;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ActionFallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moleculer's action-level fallback: when a local action's handler fails, the action's fallback
 * produces the answer instead. (Call-level fallbacks, given by the caller, are applied by the
 * broker after retries.)
 */
public final class FallbackMiddleware implements Middleware {

	private static final Logger logger = LoggerFactory.getLogger(FallbackMiddleware.class);

	private final FallbackListener listener;

	/**
	 * Creates the middleware.
	 * @param listener told about every fallback answer
	 */
	public FallbackMiddleware(FallbackListener listener) {
		this.listener = listener;
	}

	/** Told when an action answers with its fallback. */
	@FunctionalInterface
	public interface FallbackListener {

		void fellBack(ActionEndpoint endpoint, Throwable error);

	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		ActionDefinition definition = endpoint.definition();
		ActionFallback fallback = (definition != null) ? definition.fallback() : null;
		if (fallback == null) {
			return next;
		}
		return (ctx) -> next.invoke(ctx).handle((value, error) -> {
			if (error == null) {
				return CompletableFuture.completedFuture(value);
			}
			Throwable cause = MoleculerErrors.unwrap(error);
			logger.warn("The '{}' request failed ({}); answering with its fallback.", endpoint.name(),
					cause.getMessage());
			this.listener.fellBack(endpoint, cause);
			try {
				Object result = fallback.handle(ctx, cause);
				if (result instanceof CompletionStage<?> stage) {
					return stage.toCompletableFuture().thenApply((v) -> (Object) v);
				}
				return CompletableFuture.completedFuture(result);
			}
			catch (Exception ex) {
				return CompletableFuture.<Object>failedFuture(ex);
			}
		}).thenCompose((future) -> future);
	}

}
