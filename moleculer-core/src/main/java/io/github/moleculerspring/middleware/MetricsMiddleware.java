package io.github.moleculerspring.middleware;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.metrics.MoleculerMetrics;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records Moleculer's request and event metrics in a Micrometer registry, with Moleculer's names
 * and tag keys: {@code moleculer.request.total/active/error.total/time} tagged {@code service},
 * {@code action}, {@code type} ({@code local} or {@code remote}) and {@code caller}; the errors also
 * {@code errorName}, {@code errorCode}, {@code errorType}; {@code moleculer.event.received.*} tagged
 * {@code service}, {@code group}, {@code event}, {@code caller}; emit/broadcast totals tagged
 * {@code event} and {@code groups}. Meters are cached per endpoint and caller, so a call does no
 * registry lookup.
 */
public final class MetricsMiddleware implements Middleware {

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	public MetricsMiddleware(MeterRegistry registry) {
		this.registry = registry;
	}

	public MeterRegistry registry() {
		return this.registry;
	}

	@Override
	public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
		return instrument(next, endpoint, "local");
	}

	@Override
	public ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
		return instrument(next, endpoint, "remote");
	}

	private ActionInvoker instrument(ActionInvoker next, ActionEndpoint endpoint, String type) {
		String service = endpoint.service().fullName();
		String action = endpoint.name();
		Map<String, RequestMeters> byCaller = new ConcurrentHashMap<>();
		return (ctx) -> {
			String caller = (ctx.caller() != null) ? ctx.caller() : "";
			RequestMeters meters = byCaller.computeIfAbsent(caller,
					(c) -> new RequestMeters(this.registry, Tags.of("service", service, "action", action, "type", type,
							"caller", c)));
			meters.total.increment();
			counter(MoleculerMetrics.REQUEST_LEVELS, Tags.of("level", String.valueOf(ctx.level()))).increment();
			meters.active.incrementAndGet();
			long start = System.nanoTime();
			CompletableFuture<Object> result;
			try {
				result = next.invoke(ctx);
			}
			catch (RuntimeException ex) {
				result = CompletableFuture.failedFuture(ex);
			}
			return result.whenComplete((value, error) -> {
				meters.time.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				meters.active.decrementAndGet();
				if (error != null) {
					MoleculerError cause = MoleculerErrors.toMoleculerError(error);
					counter(MoleculerMetrics.REQUEST_ERROR_TOTAL, meters.tags.and("errorName", cause.getName(),
							"errorCode", String.valueOf(cause.getCode()), "errorType",
							(cause.getType() != null) ? cause.getType() : "")).increment();
					if (cause instanceof RequestTimeoutError) {
						counter(MoleculerMetrics.REQUEST_TIMEOUT_TOTAL, Tags.of("service", service, "action", action))
							.increment();
					}
				}
			});
		};
	}

	@Override
	public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
		String service = endpoint.service().fullName();
		String group = endpoint.group();
		Map<String, RequestMeters> byEventAndCaller = new ConcurrentHashMap<>();
		return (ctx) -> {
			String event = (ctx.eventName() != null) ? ctx.eventName() : endpoint.name();
			String caller = (ctx.caller() != null) ? ctx.caller() : "";
			RequestMeters meters = byEventAndCaller.computeIfAbsent(event + '\u0000' + caller,
					(k) -> new RequestMeters(this.registry, Tags.of("service", service, "group", group, "event", event,
							"caller", caller), MoleculerMetrics.EVENT_RECEIVED_TOTAL, MoleculerMetrics.EVENT_RECEIVED_ACTIVE,
							MoleculerMetrics.EVENT_RECEIVED_TIME));
			meters.total.increment();
			meters.active.incrementAndGet();
			long start = System.nanoTime();
			CompletableFuture<Void> result;
			try {
				result = next.invoke(ctx);
			}
			catch (RuntimeException ex) {
				result = CompletableFuture.failedFuture(ex);
			}
			return result.whenComplete((value, error) -> {
				meters.time.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
				meters.active.decrementAndGet();
				if (error != null) {
					MoleculerError cause = MoleculerErrors.toMoleculerError(error);
					counter(MoleculerMetrics.EVENT_RECEIVED_ERROR_TOTAL, meters.tags.and("errorName", cause.getName(),
							"errorCode", String.valueOf(cause.getCode()), "errorType",
							(cause.getType() != null) ? cause.getType() : "")).increment();
				}
			});
		};
	}

	@Override
	public void eventSent(String type, String event, @Nullable List<String> groups) {
		String name = switch (type) {
			case "broadcast" -> MoleculerMetrics.EVENT_BROADCAST_TOTAL;
			case "broadcastLocal" -> MoleculerMetrics.EVENT_BROADCASTLOCAL_TOTAL;
			default -> MoleculerMetrics.EVENT_EMIT_TOTAL;
		};
		counter(name, Tags.of("event", event, "groups", (groups != null) ? String.join(",", groups) : "")).increment();
	}

	@Override
	public void retried(String action, @Nullable String service, int attempt, Throwable error) {
		counter(MoleculerMetrics.REQUEST_RETRY_ATTEMPTS_TOTAL,
				Tags.of("service", (service != null) ? service : "", "action", action)).increment();
	}

	@Override
	public void fellBack(String action, @Nullable String service, Throwable error) {
		counter(MoleculerMetrics.REQUEST_FALLBACK_TOTAL,
				Tags.of("service", (service != null) ? service : "", "action", action)).increment();
	}

	private Counter counter(String name, Tags tags) {
		String key = name + tags;
		Counter counter = this.counters.get(key);
		if (counter == null) {
			counter = this.counters.computeIfAbsent(key, (k) -> Counter.builder(name).tags(tags).register(this.registry));
		}
		return counter;
	}

	/** The meters of one (endpoint, caller) pair. */
	private static final class RequestMeters {

		final Tags tags;

		final Counter total;

		final AtomicInteger active;

		final Timer time;

		RequestMeters(MeterRegistry registry, Tags tags) {
			this(registry, tags, MoleculerMetrics.REQUEST_TOTAL, MoleculerMetrics.REQUEST_ACTIVE,
					MoleculerMetrics.REQUEST_TIME);
		}

		RequestMeters(MeterRegistry registry, Tags tags, String totalName, String activeName, String timeName) {
			this.tags = tags;
			this.total = Counter.builder(totalName).tags(tags).register(registry);
			AtomicInteger gauge = new AtomicInteger();
			Gauge.builder(activeName, gauge, AtomicInteger::get).tags(tags).strongReference(true).register(registry);
			this.active = gauge;
			this.time = Timer.builder(timeName).tags(tags).register(registry);
		}

	}

}
