package io.github.moleculerspring.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.test.NatsServer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 6: a flood of 50,000 calls fired at once at an action behind a bulkhead (4 running, 20
 * waiting) on a node whose transit admits 200 queued requests, from a caller allowing 500 pending
 * requests. Every excess call fails at once with {@code QueueIsFullError} (429) from whichever limit it
 * hit; heap after GC stays bounded; when the flood is over, calls succeed again and nothing is left
 * pending or queued.
 */
class FloodTests {

	private static final int FLOOD = 50_000;

	@AutoClose
	private final Resources resources = new Resources();

	@Test
	void aFloodBeyondTheLimitsGetsQueueIsFullErrorsWithBoundedMemoryAndRecovers() throws Exception {
		NatsServer server = this.resources.track(NatsServer.launch());
		ServiceBroker worker = new ServiceBroker(Brokers.options("worker", Brokers.nats(server.url()), false)
			.incomingQueueSize(200)
			.build());
		worker.createService(ServiceDefinition.builder("flood")
			.action(ActionDefinition.builder("work")
				.handler((ctx) -> CompletableFuture.supplyAsync(() -> "done",
						CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)))
				.bulkhead(Map.of("enabled", true, "concurrency", 4, "maxQueueSize", 20))
				.build())
			.build());
		this.resources.track(worker);
		worker.start().get(60, TimeUnit.SECONDS);
		ServiceBroker caller = this.resources.track(Brokers.start(Brokers.options("caller", Brokers.nats(server.url()), false)
			.transitMaxQueueSize(500)
			.build()));
		Brokers.awaitEndpoints(caller, "flood.work", List.of("worker"));
		caller.call("flood.work", null).get(10, TimeUnit.SECONDS);
		long heapBefore = Figures.heapAfterGcMib();

		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		List<CompletableFuture<Object>> calls = new ArrayList<>(FLOOD);
		long begin = System.nanoTime();
		for (int i = 0; i < FLOOD; i++) {
			CompletableFuture<Object> call = caller.call("flood.work", Map.of("i", i), CallOptions.DEFAULT);
			call.whenComplete((result, error) -> outcomes.computeIfAbsent(outcome(error), (k) -> new LongAdder())
				.increment());
			calls.add(call);
		}
		long fired = System.nanoTime();
		CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((v, ex) -> null)
			.get(60, TimeUnit.SECONDS);
		long settledMillis = (System.nanoTime() - begin) / 1_000_000;
		long incomplete = calls.stream().filter((call) -> !call.isDone()).count();
		calls.clear();
		long heapAfter = Figures.heapAfterGcMib();

		// Recovery: calls succeed again, one after the other.
		long recoveryBegin = System.nanoTime();
		for (int i = 0; i < 100; i++) {
			assertThat(caller.call("flood.work", null).get(10, TimeUnit.SECONDS)).isEqualTo("done");
		}
		long recoveryMillis = (System.nanoTime() - recoveryBegin) / 1_000_000;
		Map<String, Long> figures = new TreeMap<>();
		outcomes.forEach((key, count) -> figures.put(key, count.sum()));
		Figures.print("6-flood", "calls=" + FLOOD + " outcomes=" + figures + " firedInMs=" + (fired - begin) / 1_000_000
				+ " settledInMs=" + settledMillis + " incomplete=" + incomplete + " heapAfterGcMiB before=" + heapBefore
				+ " after=" + heapAfter + " 100SequentialCallsAfterMs=" + recoveryMillis + " callerPending="
				+ caller.transit().pendingCount() + " workerQueued=" + worker.transit().queuedRequests());

		assertThat(incomplete).isZero();
		// Each of the three limits sheds load itself, with a 429 naming its node and its size; successes
		// are counted apart and never stand in for a limit. Nothing else happens to a call.
		String callerPendingLimit = "QueueIsFullError(code=429,node=caller,limit=500)";
		String workerQueueLimit = "QueueIsFullError(code=429,node=worker,limit=200)";
		String bulkheadQueueLimit = "QueueIsFullError(code=429,node=worker,limit=20)";
		assertThat(figures).as("outcomes").containsOnlyKeys("ok", callerPendingLimit, workerQueueLimit, bulkheadQueueLimit);
		assertThat(figures.get(callerPendingLimit)).as("shed by the caller's pending limit").isPositive();
		assertThat(figures.get(workerQueueLimit)).as("shed by the worker's transit queue").isPositive();
		assertThat(figures.get(bulkheadQueueLimit)).as("shed by the bulkhead queue").isPositive();
		assertThat(figures.get("ok")).isPositive();
		assertThat(figures.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(FLOOD);
		assertThat(heapAfter - heapBefore).as("heap growth (MiB)").isLessThan(64);
		assertThat(caller.transit().pendingCount()).isZero();
		assertThat(worker.transit().queuedRequests()).isZero();
	}

	private static String outcome(Throwable error) {
		if (error == null) {
			return "ok";
		}
		Throwable cause = MoleculerErrors.unwrap(error);
		String name = cause.getClass().getSimpleName();
		if (cause instanceof MoleculerError moleculer && moleculer.getData() instanceof Map<?, ?> data) {
			return name + "(code=" + moleculer.getCode() + ",node=" + data.get("nodeID") + ",limit=" + data.get("limit")
					+ ")";
		}
		return name;
	}


}
