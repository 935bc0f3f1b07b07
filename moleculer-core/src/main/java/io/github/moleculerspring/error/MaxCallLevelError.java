package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** The call chain went deeper than {@code maxCallLevel}. 500, not retryable. */
public class MaxCallLevelError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public MaxCallLevelError(@Nullable String nodeID, int level) {
		this(ErrorData.of("nodeID", nodeID, "level", level));
	}

	/** Recreates the error from its wire {@code data} ({@code nodeID}, {@code level}). */
	public MaxCallLevelError(@Nullable Object data) {
		super(null, "Request level is reached the limit (" + ErrorData.value(data, "level") + ") on '"
				+ ErrorData.string(data, "nodeID") + "' node.", 500, "MAX_CALL_LEVEL", data, false, null);
	}

}
