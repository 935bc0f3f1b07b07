package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/**
 * A nested call was not sent because the distributed timeout of its parent had already run out.
 * 514, not retryable.
 */
public class RequestSkippedError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public RequestSkippedError(String action, @Nullable String nodeID) {
		this(ErrorData.of("action", action, "nodeID", nodeID));
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public RequestSkippedError(@Nullable Object data) {
		super(null, "Calling '" + ErrorData.string(data, "action") + "' is skipped because timeout reached on '"
				+ ErrorData.string(data, "nodeID") + "' node.", 514, "REQUEST_SKIPPED", data, false, null);
	}

}
