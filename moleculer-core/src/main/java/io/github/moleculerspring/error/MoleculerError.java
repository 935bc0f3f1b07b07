package io.github.moleculerspring.error;

import org.jspecify.annotations.Nullable;

/**
 * Base of Moleculer's error hierarchy: an error with an HTTP-like {@code code}, a machine-readable
 * {@code type}, structured {@code data} and a {@code retryable} flag, exactly the fields that travel
 * in a RESPONSE packet so that Moleculer.js nodes see the same class on their side.
 *
 * <p>
 * {@link #getName()} is the class name on the wire. An error received from a remote node whose
 * name is not one of Moleculer's classes is decoded as a plain {@code MoleculerError} that keeps
 * the remote name, code, type and data.
 */
public class MoleculerError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String name;

	private final int code;

	private final @Nullable String type;

	private final transient @Nullable Object data;

	private boolean retryable;

	private @Nullable String nodeID;

	private @Nullable String remoteStack;

	public MoleculerError(String message) {
		this(message, 500, null, null);
	}

	public MoleculerError(String message, int code, @Nullable String type, @Nullable Object data) {
		this(null, message, code, type, data, false, null);
	}

	public MoleculerError(String message, int code, @Nullable String type, @Nullable Object data,
			@Nullable Throwable cause) {
		this(null, message, code, type, data, false, cause);
	}

	/**
	 * Full constructor for subclasses and decoders.
	 * @param name the wire name, or {@code null} for the simple name of the runtime class
	 * @param message the message
	 * @param code the HTTP-like code; values below 1 become 500, as in Moleculer
	 * @param type the machine-readable type
	 * @param data the structured details (JSON-serializable)
	 * @param retryable whether a retry policy may retry the failed call
	 * @param cause the cause
	 */
	protected MoleculerError(@Nullable String name, String message, int code, @Nullable String type,
			@Nullable Object data, boolean retryable, @Nullable Throwable cause) {
		super(message, cause);
		this.name = (name != null) ? name : getClass().getSimpleName();
		this.code = (code > 0) ? code : 500;
		this.type = type;
		this.data = data;
		this.retryable = retryable;
	}

	/**
	 * Creates an error that carries a name not known to this node (an error class of another
	 * language or of the application on the remote node).
	 * @param name the remote error name
	 * @param message the message
	 * @param code the code
	 * @param type the type
	 * @param data the data
	 * @param retryable the retryable flag as sent
	 * @return the error
	 */
	public static MoleculerError named(String name, String message, int code, @Nullable String type,
			@Nullable Object data, boolean retryable) {
		return new MoleculerError(name, message, code, type, data, retryable, null);
	}

	/** The error class name as it travels on the wire. */
	public String getName() {
		return this.name;
	}

	public int getCode() {
		return this.code;
	}

	public @Nullable String getType() {
		return this.type;
	}

	public @Nullable Object getData() {
		return this.data;
	}

	public boolean isRetryable() {
		return this.retryable;
	}

	/**
	 * Overrides the retryable flag; the flag received on the wire always wins over the class
	 * default, as Moleculer.js does.
	 * @param retryable the flag
	 * @return this error
	 */
	public MoleculerError setRetryable(boolean retryable) {
		this.retryable = retryable;
		return this;
	}

	/** The node where the error was raised, when known. */
	public @Nullable String getNodeID() {
		return this.nodeID;
	}

	public MoleculerError setNodeID(@Nullable String nodeID) {
		this.nodeID = nodeID;
		return this;
	}

	/** The stack trace text sent by the remote node, when the error came over the wire. */
	public @Nullable String getRemoteStack() {
		return this.remoteStack;
	}

	public MoleculerError setRemoteStack(@Nullable String remoteStack) {
		this.remoteStack = remoteStack;
		return this;
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder(this.name).append(": ").append(getMessage());
		sb.append(" [code=").append(this.code);
		if (this.type != null) {
			sb.append(", type=").append(this.type);
		}
		if (this.nodeID != null) {
			sb.append(", nodeID=").append(this.nodeID);
		}
		return sb.append(']').toString();
	}

}
