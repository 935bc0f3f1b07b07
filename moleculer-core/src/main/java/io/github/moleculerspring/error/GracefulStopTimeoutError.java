package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A service or the broker did not stop within its time limit. 500. */
public class GracefulStopTimeoutError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public GracefulStopTimeoutError(@Nullable Object data) {
		super(null, message(data), 500, "GRACEFUL_STOP_TIMEOUT", data, false, null);
	}

	private static String message(@Nullable Object data) {
		String name = ErrorData.string(data, "name");
		return (name != null) ? "Unable to stop '" + name + "' service gracefully."
				: "Unable to stop ServiceBroker gracefully.";
	}

}
