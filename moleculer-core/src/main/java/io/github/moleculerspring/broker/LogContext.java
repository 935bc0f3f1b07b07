package io.github.moleculerspring.broker;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts {@code requestID}, {@code nodeID} (this node) and {@code action} or {@code event} in the
 * SLF4J MDC while a handler runs on this thread, so structured logging (ECS, Logstash JSON) carries
 * them, and restores what was there before (local calls nest on one thread).
 */
final class LogContext implements AutoCloseable {

	static final String REQUEST_ID = "requestID";

	static final String NODE_ID = "nodeID";

	private final String kindKey;

	private final @Nullable String previousRequestID;

	private final @Nullable String previousNodeID;

	private final @Nullable String previousAction;

	private final @Nullable String previousEvent;

	private LogContext(String kindKey) {
		this.kindKey = kindKey;
		this.previousRequestID = MDC.get(REQUEST_ID);
		this.previousNodeID = MDC.get(NODE_ID);
		this.previousAction = MDC.get("action");
		this.previousEvent = MDC.get("event");
	}

	static LogContext enter(Context ctx, String kindKey, @Nullable String name) {
		LogContext log = new LogContext(kindKey);
		MDC.put(REQUEST_ID, ctx.requestID());
		MDC.put(NODE_ID, ctx.broker().nodeID());
		if (name != null) {
			MDC.put(kindKey, name);
		}
		return log;
	}

	@Override
	public void close() {
		restore(REQUEST_ID, this.previousRequestID);
		restore(NODE_ID, this.previousNodeID);
		restore("action", this.previousAction);
		restore("event", this.previousEvent);
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
