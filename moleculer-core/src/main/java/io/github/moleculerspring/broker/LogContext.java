package io.github.moleculerspring.broker;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.logging.ContextMdcAdapter;
import io.github.moleculerspring.logging.CurrentContext;
import io.github.moleculerspring.logging.MdcOverlay;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Shows {@code requestID}, {@code nodeID} (this node) and {@code action} or {@code event} to the
 * logging MDC while a handler runs on this thread, and restores what was there before (local calls
 * nest on one thread). With Logback ({@link MdcOverlay#active()}) that is one thread-local write
 * each way ({@link CurrentContext}) and the MDC overlay reads the context when a line is logged;
 * with another backend the values are put in the SLF4J MDC and restored, as a {@link LogContext}
 * object.
 */
final class LogContext {

	private static final boolean OVERLAY = MdcOverlay.active();

	private final @Nullable Context previousContext;

	private final @Nullable String previousRequestID;

	private final @Nullable String previousNodeID;

	private final @Nullable String previousAction;

	private final @Nullable String previousEvent;

	private LogContext(@Nullable Context previousContext) {
		this.previousContext = previousContext;
		this.previousRequestID = MDC.get(ContextMdcAdapter.REQUEST_ID);
		this.previousNodeID = MDC.get(ContextMdcAdapter.NODE_ID);
		this.previousAction = MDC.get(ContextMdcAdapter.ACTION);
		this.previousEvent = MDC.get(ContextMdcAdapter.EVENT);
	}

	/**
	 * Enters a handler's context.
	 * @param ctx the handler's context
	 * @param kindKey {@code action} or {@code event}
	 * @param name the action or event name
	 * @return what {@link #exit} restores: the previous current context (overlay) or a
	 * {@link LogContext} (MDC puts)
	 */
	static @Nullable Object enter(Context ctx, String kindKey, @Nullable String name) {
		if (OVERLAY) {
			return CurrentContext.enter(ctx);
		}
		return enterMdc(ctx, kindKey, name);
	}

	/**
	 * Restores what {@link #enter} changed.
	 * @param previous what {@link #enter} returned
	 */
	static void exit(@Nullable Object previous) {
		if (OVERLAY) {
			CurrentContext.exit((Context) previous);
		}
		else if (previous != null) {
			((LogContext) previous).close();
		}
	}

	private static LogContext enterMdc(Context ctx, String kindKey, @Nullable String name) {
		LogContext log = new LogContext(CurrentContext.enter(ctx));
		MDC.put(ContextMdcAdapter.REQUEST_ID, ctx.requestID());
		MDC.put(ContextMdcAdapter.NODE_ID, ctx.broker().nodeID());
		if (name != null) {
			MDC.put(kindKey, name);
		}
		return log;
	}

	private void close() {
		CurrentContext.exit(this.previousContext);
		restore(ContextMdcAdapter.REQUEST_ID, this.previousRequestID);
		restore(ContextMdcAdapter.NODE_ID, this.previousNodeID);
		restore(ContextMdcAdapter.ACTION, this.previousAction);
		restore(ContextMdcAdapter.EVENT, this.previousEvent);
	}

	private static void restore(String key, @Nullable String value) {
		if (value == null) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, value);
		}
	}

}
