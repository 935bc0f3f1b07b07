package io.github.moleculerspring.context;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.Context;

/** Runs a local event handler, wrapped by the middlewares. Never throws. */
@FunctionalInterface
public interface EventInvoker {

	/**
	 * Runs the handler.
	 * @param ctx the event context
	 * @return completes when the handler is done
	 */
	CompletableFuture<Void> invoke(Context ctx);

}
