package io.github.moleculerspring.logging;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The context whose handler runs on this thread, if any. The broker sets it around each local
 * action and event handler and restores the previous one after (local calls nest on one thread):
 * one thread-local write each way, nothing allocated. {@link ContextMdcAdapter} reads it only when
 * a line is logged.
 */
public final class CurrentContext {

	private static final ThreadLocal<@Nullable Context> CURRENT = new ThreadLocal<>();

	private CurrentContext() {
	}

	/**
	 * Returns the context whose handler runs on this thread.
	 * @return the context, or {@code null} outside a handler
	 */
	public static @Nullable Context get() {
		return CURRENT.get();
	}

	/**
	 * Makes a context the current one.
	 * @param ctx the context whose handler is about to run
	 * @return the previous current context, to hand to {@link #exit}
	 */
	public static @Nullable Context enter(Context ctx) {
		ThreadLocal<@Nullable Context> current = CURRENT;
		Context previous = current.get();
		current.set(ctx);
		return previous;
	}

	/**
	 * Restores the context that was current before {@link #enter}.
	 * @param previous what {@link #enter} returned
	 */
	public static void exit(@Nullable Context previous) {
		CURRENT.set(previous);
	}

}
