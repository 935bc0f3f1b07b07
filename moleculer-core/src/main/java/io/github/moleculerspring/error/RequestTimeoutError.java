package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** No response arrived within the request's timeout. 504, retryable. */
public class RequestTimeoutError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public RequestTimeoutError(String action, @Nullable String nodeID) {
		this(ErrorData.of("action", action, "nodeID", nodeID));
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public RequestTimeoutError(@Nullable Object data) {
		super(null, "Request is timed out when call '" + ErrorData.string(data, "action") + "' action on '"
				+ ErrorData.string(data, "nodeID") + "' node.", 504, "REQUEST_TIMEOUT", data, true, null);
	}

}
