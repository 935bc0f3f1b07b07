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

	/**
	 * An event that could not be admitted: its data names the {@code event} instead of an action.
	 * @param event the event name
	 * @param nodeID the node whose queue is full
	 * @param size the events waiting
	 * @param limit the bound
	 * @return the error
	 */
	public static QueueIsFullError forEvent(String event, @Nullable String nodeID, int size, int limit) {
		return new QueueIsFullError("Queue is full. Event '" + event + "' on '" + nodeID + "' node is rejected.",
				ErrorData.of("event", event, "nodeID", nodeID, "size", size, "limit", limit));
	}

	private QueueIsFullError(String message, Object data) {
		super(null, message, 429, "QUEUE_FULL", data, true, null);
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public QueueIsFullError(@Nullable Object data) {
		super(null, "Queue is full. Request '" + ErrorData.string(data, "action") + "' action on '"
				+ ErrorData.string(data, "nodeID") + "' node is rejected.", 429, "QUEUE_FULL", data, true, null);
	}

}
