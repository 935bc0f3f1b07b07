package io.github.moleculerspring.broker;

import java.util.Map;

import io.github.moleculerspring.context.BrokerContext;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.middleware.TracingMiddleware;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The trace state of the broker's contexts, for the {@link TracingMiddleware}: trace headers, the
 * W3C {@code traceparent} mapped to and from Moleculer's fields ({@code tracing} is the sampled
 * flag, {@code parentID} the calling span and, for a root call, {@code requestID} the trace ID), and
 * the observations a context's calls and events hang under. The mapping itself is
 * {@link BrokerContext}'s, whose fields it is.
 */
final class TraceCarrier implements TracingMiddleware.Carrier {

	private static final String TRACEPARENT = "traceparent";

	@Override
	public @Nullable String get(Context context, String key) {
		BrokerContext carrier = (BrokerContext) context;
		Map<String, Object> headers = carrier.headersOrNull();
		Object value = (headers != null) ? headers.get(key) : null;
		if (value != null) {
			return String.valueOf(value);
		}
		return TRACEPARENT.equals(key) ? carrier.traceparentFromFields() : null;
	}

	@Override
	public void set(Context context, String key, String value) {
		BrokerContext carrier = (BrokerContext) context;
		carrier.headers().put(key, value);
		if (TRACEPARENT.equals(key)) {
			carrier.applyTraceparent(value);
		}
	}

	@Override
	public @Nullable Observation parentObservation(Context context) {
		return (((BrokerContext) context).parentObservation() instanceof Observation parent) ? parent : null;
	}

	@Override
	public void observation(Context context, Observation observation) {
		((BrokerContext) context).observation(observation);
	}

}
