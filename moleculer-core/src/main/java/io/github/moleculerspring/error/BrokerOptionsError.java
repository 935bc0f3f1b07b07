package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** The broker was configured with invalid options. 500. */
public class BrokerOptionsError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public BrokerOptionsError(String message, @Nullable Object data) {
		super(null, message, 500, "BROKER_OPTIONS_ERROR", data, false, null);
	}

}
