package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A service definition is invalid (bad signature, duplicate action...). 500. */
public class ServiceSchemaError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public ServiceSchemaError(String message, @Nullable Object data) {
		super(null, message, 500, "SERVICE_SCHEMA_ERROR", data, false, null);
	}

}
