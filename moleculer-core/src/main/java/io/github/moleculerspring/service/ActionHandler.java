package io.github.moleculerspring.service;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The code of an action. It returns the result, or a {@link java.util.concurrent.CompletionStage}
 * of the result for asynchronous work. A thrown exception or a failed stage fails the call:
 * {@link io.github.moleculerspring.error.MoleculerError}s pass through, anything else becomes a
 * {@link io.github.moleculerspring.error.MoleculerServerError}.
 */
@FunctionalInterface
public interface ActionHandler {

	/**
	 * Handles a call.
	 * @param ctx the call context
	 * @return the result, a {@code CompletionStage} of it, or {@code null}
	 * @throws Exception on failure
	 */
	@Nullable Object handle(Context ctx) throws Exception;

}
