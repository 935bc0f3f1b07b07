package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/**
 * The action is known but no endpoint can take the call now (all nodes offline, every circuit
 * open, or the target broker stopping). 404, retryable.
 */
public class ServiceNotAvailableError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public ServiceNotAvailableError(String action, @Nullable String nodeID) {
		this(ErrorData.of("action", action, "nodeID", nodeID));
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public ServiceNotAvailableError(@Nullable Object data) {
		super(null, message(data), 404, "SERVICE_NOT_AVAILABLE", data, true, null);
	}

	private static String message(@Nullable Object data) {
		String action = ErrorData.string(data, "action");
		String nodeID = ErrorData.string(data, "nodeID");
		return (nodeID != null) ? "Service '" + action + "' is not available on '" + nodeID + "' node."
				: "Service '" + action + "' is not available.";
	}

}
