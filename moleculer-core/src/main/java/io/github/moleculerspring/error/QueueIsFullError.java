package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A bounded queue (bulkhead, executor, pending requests) is full. 429, retryable. */
public class QueueIsFullError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public QueueIsFullError(String action, @Nullable String nodeID) {
		this(ErrorData.of("action", action, "nodeID", nodeID));
	}

	public QueueIsFullError(String action, @Nullable String nodeID, int size, int limit) {
		this(ErrorData.of("action", action, "nodeID", nodeID, "size", size, "limit", limit));
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public QueueIsFullError(@Nullable Object data) {
		super(null, "Queue is full. Request '" + ErrorData.string(data, "action") + "' action on '"
				+ ErrorData.string(data, "nodeID") + "' node is rejected.", 429, "QUEUE_FULL", data, true, null);
	}

}
