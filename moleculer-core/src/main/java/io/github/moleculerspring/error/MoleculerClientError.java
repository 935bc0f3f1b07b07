package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A failure caused by the caller's input (4xx, default 400). Never retryable. */
public class MoleculerClientError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public MoleculerClientError(String message) {
		this(message, 400, null, null);
	}

	public MoleculerClientError(String message, int code, @Nullable String type, @Nullable Object data) {
		super(null, message, (code > 0) ? code : 400, type, data, false, null);
	}

	protected MoleculerClientError(@Nullable String name, String message, int code, @Nullable String type,
			@Nullable Object data) {
		super(name, message, code, type, data, false, null);
	}

}
