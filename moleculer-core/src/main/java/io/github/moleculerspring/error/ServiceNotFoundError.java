package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** The action is not registered (anywhere, or on the requested node). 404, retryable. */
public class ServiceNotFoundError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public ServiceNotFoundError(String action, @Nullable String nodeID) {
		this(ErrorData.of("action", action, "nodeID", nodeID));
	}

	/** Recreates the error from its wire {@code data} ({@code action}, {@code nodeID}). */
	public ServiceNotFoundError(@Nullable Object data) {
		super(null, message(data), 404, "SERVICE_NOT_FOUND", data, true, null);
	}

	private static String message(@Nullable Object data) {
		String action = ErrorData.string(data, "action");
		String nodeID = ErrorData.string(data, "nodeID");
		String service = ErrorData.string(data, "service");
		String version = ErrorData.string(data, "version");
		if (service != null) {
			return (version != null) ? "Service '" + version + "." + service + "' not found."
					: "Service '" + service + "' not found.";
		}
		if (nodeID != null && action != null) {
			return "Service '" + action + "' is not found on '" + nodeID + "' node.";
		}
		return "Service '" + action + "' is not found.";
	}

	/** The action that was not found. */
	public @Nullable String getAction() {
		return ErrorData.string(getData(), "action");
	}

}
