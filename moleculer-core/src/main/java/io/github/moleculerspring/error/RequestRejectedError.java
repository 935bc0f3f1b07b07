package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/**
 * The request was rejected because its target node left (DISCONNECT or heartbeat timeout) before
 * answering. 503, retryable.
 */
public class RequestRejectedError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public RequestRejectedError(String action, @Nullable String nodeID) {
		this(ErrorData.of("action", action, "nodeID", nodeID));
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public RequestRejectedError(@Nullable Object data) {
		super(null, "Request is rejected when call '" + ErrorData.string(data, "action") + "' action on '"
				+ ErrorData.string(data, "nodeID") + "' node.", 503, "REQUEST_REJECTED", data, true, null);
	}

}
