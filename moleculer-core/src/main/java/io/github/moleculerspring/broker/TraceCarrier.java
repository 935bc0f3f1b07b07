package io.github.moleculerspring.broker;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.middleware.TracingMiddleware;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The trace state of the broker's contexts, for the {@link TracingMiddleware}: trace headers, the
 * W3C {@code traceparent} mapped to and from Moleculer's fields ({@code tracing} is the sampled
 * flag, {@code parentID} the calling span and, for a root call, {@code requestID} the trace ID), and
 * the observations a context's calls and events hang under. It lives here because those fields are
 * the broker's own.
 */
final class TraceCarrier implements TracingMiddleware.Carrier {

	private static final String TRACEPARENT = "traceparent";

	@Override
	public @Nullable String get(Context context, String key) {
		BrokerContext carrier = (BrokerContext) context;
		Object value = (carrier.headers != null) ? carrier.headers.get(key) : null;
		if (value != null) {
			return String.valueOf(value);
		}
		return TRACEPARENT.equals(key) ? traceparentFromFields(carrier) : null;
	}

	@Override
	public void set(Context context, String key, String value) {
		BrokerContext carrier = (BrokerContext) context;
		carrier.headers().put(key, value);
		if (TRACEPARENT.equals(key)) {
			applyTraceparent(carrier, value);
		}
	}

	@Override
	public @Nullable Observation parentObservation(Context context) {
		return (((BrokerContext) context).parentObservation instanceof Observation parent) ? parent : null;
	}

	@Override
	public void observation(Context context, Observation observation) {
		((BrokerContext) context).observation = observation;
	}

	/** Writes a W3C traceparent into Moleculer's fields: sampled flag, parent span, root trace ID. */
	static void applyTraceparent(BrokerContext ctx, String traceparent) {
		String[] parts = traceparent.split("-");
		if (parts.length < 4 || parts[1].length() != 32 || parts[2].length() != 16) {
			return;
		}
		ctx.tracing = (Integer.parseInt(parts[3].substring(0, Math.min(2, parts[3].length())), 16) & 1) == 1;
		ctx.parentID = parts[2];
		if (ctx.level == 1 && !ctx.requestIDGiven) {
			ctx.requestID = parts[1];
		}
	}

	/**
	 * Rebuilds a W3C traceparent from Moleculer's fields when a packet carries no trace headers: the
	 * trace ID is the {@code requestID} (dashes removed), the parent span the first 16 hex digits of
	 * {@code parentID} (or of the context ID for a root call), sampled unless {@code tracing} is
	 * {@code false}.
	 */
	static @Nullable String traceparentFromFields(BrokerContext ctx) {
		String trace = hex(ctx.requestID, 32);
		if (trace == null) {
			return null;
		}
		String span = (ctx.parentID != null) ? hex(ctx.parentID, 16) : null;
		if (span == null) {
			span = hex(ctx.id, 16);
		}
		if (span == null) {
			return null;
		}
		return "00-" + trace + "-" + span + "-" + (Boolean.FALSE.equals(ctx.tracing) ? "00" : "01");
	}

	private static @Nullable String hex(@Nullable String id, int length) {
		if (id == null) {
			return null;
		}
		StringBuilder hex = new StringBuilder(length);
		for (int i = 0; i < id.length() && hex.length() < length; i++) {
			char c = Character.toLowerCase(id.charAt(i));
			if (c == '-') {
				continue;
			}
			if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
				return null;
			}
			hex.append(c);
		}
		if (hex.length() < length) {
			return null;
		}
		String result = hex.toString();
		return (result.chars().allMatch((c) -> c == '0')) ? null : result;
	}

}
