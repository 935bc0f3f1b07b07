package io.github.moleculerspring.service;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * Produces an action's result when its handler fails (Moleculer's action-level {@code fallback}):
 * the callee answers with this result instead of the error.
 */
@FunctionalInterface
public interface ActionFallback {

	/**
	 * Produces the fallback result.
	 * @param ctx the call context
	 * @param error the failure
	 * @return the result, or a {@code CompletionStage} of it
	 * @throws Exception when no fallback result can be given
	 */
	@Nullable Object handle(Context ctx, Throwable error) throws Exception;

}
