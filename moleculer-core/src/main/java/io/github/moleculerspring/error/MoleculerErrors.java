package io.github.moleculerspring.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * Converts errors to and from Moleculer's error JSON ({@code name, message, nodeID, code, type,
 * retryable, stack, data}), as carried in the {@code error} field of a RESPONSE packet.
 *
 * <p>
 * Decoding follows Moleculer.js: a known class name recreates that class (the built-in errors that
 * derive their message from {@code data} are rebuilt from it), any other name keeps its name,
 * message, code, type and data; {@code retryable} and {@code nodeID} always come from the payload
 * (falling back to the sending node).
 *
 * <p>
 * Encoding keeps the internals of this JVM off the wire unless asked: without
 * {@code includeStack} the {@code stack} field is only {@code "<name>: <message>"} (no frames, no
 * Java class names), and without {@code includeException} an exception that is not a
 * {@link MoleculerError} travels as a {@code MoleculerServerError} whose {@code data} does not name
 * its Java class. Moleculer.js always sends its stack; a Java stack names the classes, methods and
 * source lines of the application, which a caller in another team or a public gateway has no
 * business seeing.
 */
public final class MoleculerErrors {

	/** The {@code type} of the {@link MoleculerServerError} that wraps an unexpected exception. */
	public static final String UNHANDLED_EXCEPTION = "UNHANDLED_EXCEPTION";

	/** The message of the error that wraps an unexpected exception without a message. */
	public static final String NO_MESSAGE = "Unexpected error (the exception has no message)";

	private static final int MAX_STACK_FRAMES = 12;

	private MoleculerErrors() {
	}

	/**
	 * Unwraps {@link CompletionException} and {@link ExecutionException} layers.
	 * @param error the error
	 * @return the innermost meaningful error
	 */
	public static Throwable unwrap(Throwable error) {
		Throwable current = error;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/**
	 * Returns the error as a {@link MoleculerError}: Moleculer errors pass through, anything else
	 * becomes a non-retryable {@link MoleculerServerError} (500, type {@value #UNHANDLED_EXCEPTION})
	 * that carries its message and has it as its cause. The Java class name is not put in the
	 * error: {@link #toPayload(Throwable, String, boolean, boolean)} adds it on request.
	 * @param error the error
	 * @return the Moleculer error
	 */
	public static MoleculerError toMoleculerError(Throwable error) {
		Throwable unwrapped = unwrap(error);
		if (unwrapped instanceof MoleculerError moleculerError) {
			return moleculerError;
		}
		String message = unwrapped.getMessage();
		if (message == null || message.isEmpty()) {
			// Not the class name: it would reach other nodes whatever includeException says.
			message = NO_MESSAGE;
		}
		return new MoleculerServerError(message, 500, UNHANDLED_EXCEPTION, null, false, unwrapped);
	}

	/**
	 * Encodes an error as Moleculer's error object, with every field Moleculer.js sends
	 * ({@code name, message, nodeID, code, type, retryable, stack, data}).
	 * @param error the error
	 * @param localNodeID the node ID to report when the error has none
	 * @param includeStack whether {@code stack} carries the stack trace (with the frames of this JVM,
	 * or the stack received from the node the error came from); otherwise it is only
	 * {@code "<name>: <message>"}, which a Moleculer.js receiver shows in place of the stack
	 * @param includeException whether the {@code data} of an error that wraps an unexpected
	 * exception names its Java class ({@code {"exception": "java.lang.IllegalStateException"}})
	 * @return the error object (a JSON-serializable map)
	 */
	public static Map<String, Object> toPayload(Throwable error, String localNodeID, boolean includeStack,
			boolean includeException) {
		MoleculerError moleculerError = toMoleculerError(error);
		Map<String, Object> payload = new LinkedHashMap<>();
		String message = String.valueOf(moleculerError.getMessage());
		payload.put("name", moleculerError.getName());
		payload.put("message", message);
		payload.put("nodeID", (moleculerError.getNodeID() != null) ? moleculerError.getNodeID() : localNodeID);
		payload.put("code", moleculerError.getCode());
		if (moleculerError.getType() != null) {
			payload.put("type", moleculerError.getType());
		}
		payload.put("retryable", moleculerError.isRetryable());
		if (includeStack) {
			payload.put("stack", (moleculerError.getRemoteStack() != null) ? moleculerError.getRemoteStack()
					: stackText(moleculerError));
		}
		else {
			payload.put("stack", moleculerError.getName() + ": " + message);
		}
		Object data = moleculerError.getData();
		Throwable unexpected = unexpectedCause(moleculerError);
		if (includeException && data == null && unexpected != null) {
			data = Map.of("exception", unexpected.getClass().getName());
		}
		if (data != null) {
			payload.put("data", data);
		}
		return payload;
	}

	/**
	 * Encodes an error as Moleculer's error object without naming the Java class of an unexpected
	 * exception.
	 * @param error the error
	 * @param localNodeID the node ID to report when the error has none
	 * @param includeStack whether to send the stack trace text
	 * @return the error object (a JSON-serializable map)
	 * @see #toPayload(Throwable, String, boolean, boolean)
	 */
	public static Map<String, Object> toPayload(Throwable error, String localNodeID, boolean includeStack) {
		return toPayload(error, localNodeID, includeStack, false);
	}

	private static @Nullable Throwable unexpectedCause(MoleculerError error) {
		Throwable cause = error.getCause();
		return (error instanceof MoleculerServerError && UNHANDLED_EXCEPTION.equals(error.getType()) && cause != null
				&& !(cause instanceof MoleculerError)) ? cause : null;
	}

	/**
	 * Decodes Moleculer's error object.
	 * @param payload the error object (JSON decoded into maps, lists and scalars)
	 * @param sender the node that sent the packet, used when the payload names no node
	 * @return the error
	 */
	public static MoleculerError fromPayload(Map<?, ?> payload, @Nullable String sender) {
		String name = string(payload.get("name"), "MoleculerError");
		String message = string(payload.get("message"), "");
		int code = integer(payload.get("code"), 500);
		String type = string(payload.get("type"), null);
		Object data = payload.get("data");
		MoleculerError error = create(name, message, code, type, data);
		error.setRetryable(Boolean.TRUE.equals(payload.get("retryable")));
		error.setNodeID(string(payload.get("nodeID"), sender));
		error.setRemoteStack(string(payload.get("stack"), null));
		return error;
	}

	private static MoleculerError create(String name, String message, int code, @Nullable String type,
			@Nullable Object data) {
		return switch (name) {
			case "MoleculerError" -> new MoleculerError(message, code, type, data);
			case "MoleculerRetryableError" -> new MoleculerRetryableError(message, code, type, data);
			case "MoleculerServerError" -> new MoleculerServerError(message, code, type, data);
			case "MoleculerClientError" -> new MoleculerClientError(message, code, type, data);
			case "ValidationError" -> new ValidationError(message, type, data);
			case "ServiceNotFoundError" -> new ServiceNotFoundError(data);
			case "ServiceNotAvailableError" -> new ServiceNotAvailableError(data);
			case "RequestTimeoutError" -> new RequestTimeoutError(data);
			case "RequestSkippedError" -> new RequestSkippedError(data);
			case "RequestRejectedError" -> new RequestRejectedError(data);
			case "QueueIsFullError" -> new QueueIsFullError(data);
			case "MaxCallLevelError" -> new MaxCallLevelError(data);
			case "GracefulStopTimeoutError" -> new GracefulStopTimeoutError(data);
			case "ProtocolVersionMismatchError" -> new ProtocolVersionMismatchError(data);
			case "InvalidPacketDataError" -> new InvalidPacketDataError(data);
			case "ServiceSchemaError" -> new ServiceSchemaError(message, data);
			case "BrokerOptionsError" -> new BrokerOptionsError(message, data);
			default -> MoleculerError.named(name, message, code, type, data, false);
		};
	}

	private static String stackText(Throwable error) {
		StringBuilder sb = new StringBuilder();
		sb.append((error instanceof MoleculerError me) ? me.getName() : error.getClass().getName());
		sb.append(": ").append(error.getMessage());
		StackTraceElement[] frames = error.getStackTrace();
		int count = Math.min(frames.length, MAX_STACK_FRAMES);
		for (int i = 0; i < count; i++) {
			sb.append("\n    at ").append(frames[i]);
		}
		Throwable cause = error.getCause();
		if (cause != null && cause != error) {
			sb.append("\nCaused by: ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
			StackTraceElement[] causeFrames = cause.getStackTrace();
			int causeCount = Math.min(causeFrames.length, MAX_STACK_FRAMES);
			for (int i = 0; i < causeCount; i++) {
				sb.append("\n    at ").append(causeFrames[i]);
			}
		}
		return sb.toString();
	}

	private static @Nullable String string(@Nullable Object value, @Nullable String fallback) {
		return (value instanceof String s) ? s : (value != null) ? String.valueOf(value) : fallback;
	}

	private static int integer(@Nullable Object value, int fallback) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String s) {
			try {
				return Integer.parseInt(s.trim());
			}
			catch (NumberFormatException ex) {
				return fallback;
			}
		}
		return fallback;
	}

}
