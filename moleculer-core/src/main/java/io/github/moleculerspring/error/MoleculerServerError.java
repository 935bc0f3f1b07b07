package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/**
 * A server-side failure (5xx). Retryable by class, as in Moleculer. An unexpected exception thrown
 * by a handler is wrapped in one with {@code retryable = false}: a bug or a business failure is
 * not a transient fault, and retrying it elsewhere would repeat its side effects.
 */
public class MoleculerServerError extends MoleculerRetryableError {

	private static final long serialVersionUID = 1L;

	public MoleculerServerError(String message) {
		this(message, 500, null, null);
	}

	public MoleculerServerError(String message, int code, @Nullable String type, @Nullable Object data) {
		super(null, message, code, type, data, true, null);
	}

	public MoleculerServerError(String message, int code, @Nullable String type, @Nullable Object data,
			boolean retryable, @Nullable Throwable cause) {
		super(null, message, code, type, data, retryable, cause);
	}

}
