package io.github.moleculerspring.metrics;

/**
 * Moleculer's built-in metric names (Moleculer.js {@code src/metrics/constants.js}). Micrometer
 * registries render them in their own convention: Prometheus shows {@code moleculer.request.total}
 * as {@code moleculer_request_total}.
 */
public final class MoleculerMetrics {

	public static final String REQUEST_TOTAL = "moleculer.request.total";

	public static final String REQUEST_ACTIVE = "moleculer.request.active";

	public static final String REQUEST_ERROR_TOTAL = "moleculer.request.error.total";

	public static final String REQUEST_TIME = "moleculer.request.time";

	public static final String REQUEST_LEVELS = "moleculer.request.levels";

	public static final String REQUEST_TIMEOUT_TOTAL = "moleculer.request.timeout.total";

	public static final String REQUEST_RETRY_ATTEMPTS_TOTAL = "moleculer.request.retry.attempts.total";

	public static final String REQUEST_FALLBACK_TOTAL = "moleculer.request.fallback.total";

	public static final String EVENT_EMIT_TOTAL = "moleculer.event.emit.total";

	public static final String EVENT_BROADCAST_TOTAL = "moleculer.event.broadcast.total";

	public static final String EVENT_BROADCASTLOCAL_TOTAL = "moleculer.event.broadcast-local.total";

	public static final String EVENT_RECEIVED_TOTAL = "moleculer.event.received.total";

	public static final String EVENT_RECEIVED_ACTIVE = "moleculer.event.received.active";

	public static final String EVENT_RECEIVED_ERROR_TOTAL = "moleculer.event.received.error.total";

	public static final String EVENT_RECEIVED_TIME = "moleculer.event.received.time";

	public static final String TRANSIT_REQUESTS_ACTIVE = "moleculer.transit.requests.active";

	public static final String TRANSIT_CONNECTED = "moleculer.transit.connected";

	public static final String TRANSIT_PUBLISH_TOTAL = "moleculer.transit.publish.total";

	public static final String TRANSIT_RECEIVE_TOTAL = "moleculer.transit.receive.total";

	public static final String TRANSPORTER_PACKETS_SENT_TOTAL = "moleculer.transporter.packets.sent.total";

	public static final String TRANSPORTER_PACKETS_SENT_BYTES = "moleculer.transporter.packets.sent.bytes";

	public static final String TRANSPORTER_PACKETS_RECEIVED_TOTAL = "moleculer.transporter.packets.received.total";

	public static final String TRANSPORTER_PACKETS_RECEIVED_BYTES = "moleculer.transporter.packets.received.bytes";

	public static final String REGISTRY_NODES_TOTAL = "moleculer.registry.nodes.total";

	public static final String REGISTRY_NODES_ONLINE_TOTAL = "moleculer.registry.nodes.online.total";

	public static final String REGISTRY_SERVICES_TOTAL = "moleculer.registry.services.total";

	public static final String REGISTRY_ACTIONS_TOTAL = "moleculer.registry.actions.total";

	public static final String REGISTRY_EVENTS_TOTAL = "moleculer.registry.events.total";

	public static final String BROKER_LOCAL_SERVICES_TOTAL = "moleculer.broker.local.services.total";

	public static final String BROKER_STARTED = "moleculer.broker.started";

	public static final String CIRCUIT_BREAKER_OPENED_ACTIVE = "moleculer.circuit-breaker.opened.active";

	public static final String CIRCUIT_BREAKER_HALF_OPENED_ACTIVE = "moleculer.circuit-breaker.half-opened.active";

	public static final String CIRCUIT_BREAKER_OPENED_TOTAL = "moleculer.circuit-breaker.opened.total";

	/** Packets this node dropped or could not decode (no Moleculer.js counterpart). */
	public static final String TRANSIT_DROPPED_TOTAL = "moleculer.transit.dropped.total";

	private MoleculerMetrics() {
	}

}
