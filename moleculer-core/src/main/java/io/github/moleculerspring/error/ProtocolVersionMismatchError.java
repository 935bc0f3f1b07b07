package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A packet carried a protocol version this node does not speak. 500. */
public class ProtocolVersionMismatchError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	public ProtocolVersionMismatchError(@Nullable String nodeID, String actual, @Nullable String received) {
		this(ErrorData.of("nodeID", nodeID, "actual", actual, "received", received));
	}

	/** Recreates the error from its wire {@code data} ({@code nodeID}, {@code actual}, {@code received}). */
	public ProtocolVersionMismatchError(@Nullable Object data) {
		super(null, "Protocol version mismatch.", 500, "PROTOCOL_VERSION_MISMATCH", data, false, null);
	}

}
