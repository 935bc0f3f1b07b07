package io.github.moleculerspring.logging;

import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.spi.MDCAdapter;

/**
 * An SLF4J {@link MDCAdapter} that shows the {@link CurrentContext current context}'s
 * {@code requestID}, {@code nodeID} (this node) and {@code action} or {@code event} on top of the
 * real MDC it delegates to. The values are read when a logging backend asks ({@code get},
 * {@code getCopyOfContextMap}), so a call pays nothing for them unless it logs. Writes go to the
 * delegate unchanged.
 */
public final class ContextMdcAdapter implements MDCAdapter {

	/** The MDC key of the request ID. */
	public static final String REQUEST_ID = "requestID";

	/** The MDC key of this node's ID. */
	public static final String NODE_ID = "nodeID";

	/** The MDC key of the action name (action handlers). */
	public static final String ACTION = "action";

	/** The MDC key of the event name (event handlers). */
	public static final String EVENT = "event";

	private final MDCAdapter delegate;

	/**
	 * Creates the adapter.
	 * @param delegate the real MDC
	 */
	public ContextMdcAdapter(MDCAdapter delegate) {
		this.delegate = delegate;
	}

	/**
	 * Returns the real MDC this adapter overlays.
	 * @return the delegate
	 */
	public MDCAdapter delegate() {
		return this.delegate;
	}

	@Override
	public void put(String key, @Nullable String val) {
		this.delegate.put(key, val);
	}

	@Override
	public @Nullable String get(String key) {
		Context ctx = CurrentContext.get();
		if (ctx != null) {
			String value = overlay(ctx, key);
			if (value != null) {
				return value;
			}
		}
		return this.delegate.get(key);
	}

	private static @Nullable String overlay(Context ctx, String key) {
		return switch (key) {
			case REQUEST_ID -> ctx.requestID();
			case NODE_ID -> ctx.broker().nodeID();
			case ACTION -> (ctx.eventName() == null) ? ctx.action() : null;
			case EVENT -> ctx.eventName();
			default -> null;
		};
	}

	@Override
	public void remove(String key) {
		this.delegate.remove(key);
	}

	@Override
	public void clear() {
		this.delegate.clear();
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public @Nullable Map getCopyOfContextMap() {
		Map<String, String> real = this.delegate.getCopyOfContextMap();
		Context ctx = CurrentContext.get();
		if (ctx == null) {
			return real;
		}
		Map<String, String> map = (real != null) ? real : new HashMap<>(8);
		map.put(REQUEST_ID, ctx.requestID());
		map.put(NODE_ID, ctx.broker().nodeID());
		String event = ctx.eventName();
		if (event != null) {
			map.put(EVENT, event);
		}
		else {
			String action = ctx.action();
			if (action != null) {
				map.put(ACTION, action);
			}
		}
		return map;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public void setContextMap(Map contextMap) {
		this.delegate.setContextMap(contextMap);
	}

	@Override
	public void pushByKey(String key, String value) {
		this.delegate.pushByKey(key, value);
	}

	@Override
	public @Nullable String popByKey(String key) {
		return this.delegate.popByKey(key);
	}

	@Override
	public @Nullable Deque<String> getCopyOfDequeByKey(String key) {
		return this.delegate.getCopyOfDequeByKey(key);
	}

	@Override
	public void clearDequeByKey(String key) {
		this.delegate.clearDequeByKey(key);
	}

}
