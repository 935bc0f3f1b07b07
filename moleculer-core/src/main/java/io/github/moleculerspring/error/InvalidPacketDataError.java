package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/** A packet could not be decoded or lacks a required field. 500. */
public class InvalidPacketDataError extends MoleculerError {

	private static final long serialVersionUID = 1L;

	private final @Nullable String reason;

	public InvalidPacketDataError(String type, @Nullable String nodeID, String reason) {
		super(null, "Invalid packet data.", 500, "INVALID_PACKET_DATA",
				ErrorData.of("type", type, "nodeID", nodeID, "reason", reason), false, null);
		this.reason = reason;
	}

	/** Recreates the error from its wire {@code data}. */
	public InvalidPacketDataError(@Nullable Object data) {
		super(null, "Invalid packet data.", 500, "INVALID_PACKET_DATA", data, false, null);
		this.reason = ErrorData.string(data, "reason");
	}

	/** Why the packet was rejected, when known. */
	public @Nullable String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return super.toString() + ((this.reason != null) ? " " + this.reason : "");
	}

}
