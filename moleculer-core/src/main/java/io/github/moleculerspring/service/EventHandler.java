package io.github.moleculerspring.service;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The code of an event subscription. The event payload is {@link Context#params()}. It may return a
 * {@link java.util.concurrent.CompletionStage} to signal when asynchronous work ends.
 */
@FunctionalInterface
public interface EventHandler {

	/**
	 * Handles an event.
	 * @param ctx the event context
	 * @return {@code null}, or a {@code CompletionStage} that completes when the work ends
	 * @throws Exception on failure (logged, never sent back: events have no reply)
	 */
	@Nullable Object handle(Context ctx) throws Exception;

}
