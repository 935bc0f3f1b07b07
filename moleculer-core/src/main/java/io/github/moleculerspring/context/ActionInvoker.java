package io.github.moleculerspring.context;

import java.util.concurrent.CompletableFuture;

import io.github.moleculerspring.context.Context;

/**
 * Runs a call on one endpoint: the local handler or a request to a remote node, wrapped by the
 * middlewares. Never throws: failures complete the returned future exceptionally.
 */
@FunctionalInterface
public interface ActionInvoker {

	/**
	 * Runs the call.
	 * @param ctx the call context
	 * @return the result
	 */
	CompletableFuture<Object> invoke(Context ctx);

}
