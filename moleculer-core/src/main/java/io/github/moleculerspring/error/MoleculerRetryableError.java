package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A {@link MoleculerError} that a retry policy may retry ({@code retryable: true}). */
public class MoleculerRetryableError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public MoleculerRetryableError(String message) {
		this(message, 500, null, null);
	}

	public MoleculerRetryableError(String message, int code, @Nullable String type, @Nullable Object data) {
		super(null, message, code, type, data, true, null);
	}

	protected MoleculerRetryableError(@Nullable String name, String message, int code, @Nullable String type,
			@Nullable Object data, boolean retryable, @Nullable Throwable cause) {
		super(name, message, code, type, data, retryable, cause);
	}

}
