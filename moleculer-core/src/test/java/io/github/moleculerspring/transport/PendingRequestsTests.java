package io.github.moleculerspring.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.error.BrokerDisconnectedError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.transport.Transit.PendingRequestInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The pending-request table of the {@link Transit}: every request ends exactly once (response,
 * deadline, abort or the reject path), the limit answers 429, and nothing is left behind: neither
 * an entry nor a timer.
 */
class PendingRequestsTests {

	private static final long WAIT_SECONDS = 10;

	private final ExecutorService workers = Executors.newFixedThreadPool(2);

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final PendingRequests pending;

	PendingRequestsTests() {
		// A cancelled timer leaves the queue at once, so an empty queue means no timer outlived its request.
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.pending = new PendingRequests("self", 1000, this.workers, this.scheduler);
	}

	@AfterEach
	void stop() {
		this.workers.shutdownNow();
		this.scheduler.shutdownNow();
	}

	private CompletableFuture<Object> add(PendingRequests table, String id, String target, double timeoutMillis) {
		CompletableFuture<Object> future = new CompletableFuture<>();
		assertThat(table.add(id, "svc.act", target, timeoutMillis, new HashMap<>(), future)).isTrue();
		return future;
	}

	private static Throwable failureOf(CompletableFuture<Object> future) {
		assertThatThrownBy(() -> future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
		return future.handle((value, ex) -> ex).join();
	}

	private void assertEmpty() {
		assertThat(this.pending.size()).isZero();
		assertThat(this.scheduler.getQueue()).isEmpty();
	}

	@Test
	void responseCompletesTheRequestAndMergesItsMeta() throws Exception {
		Map<String, Object> meta = new HashMap<>(Map.of("a", 1));
		CompletableFuture<Object> future = new CompletableFuture<>();
		assertThat(this.pending.add("r1", "svc.act", "node-2", 60_000, meta, future)).isTrue();
		assertThat(this.pending.size()).isEqualTo(1);
		assertThat(this.pending.resolve("r1", Map.of("b", 2), "result")).isTrue();
		assertThat(future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("result");
		assertThat(meta).containsEntry("a", 1).containsEntry("b", 2);
		assertEmpty();
	}

	@Test
	void emptyResponseMetaLeavesTheCallersMetaUntouched() throws Exception {
		CompletableFuture<Object> future = new CompletableFuture<>();
		assertThat(this.pending.add("r1", "svc.act", null, 0, Map.of(), future)).isTrue();
		assertThat(this.pending.resolve("r1", Map.of(), null)).isTrue();
		assertThat(future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
		assertEmpty();
	}

	@Test
	void errorResponseFailsTheRequestWithTheRemoteError() {
		CompletableFuture<Object> future = add(this.pending, "r1", "node-2", 60_000);
		MoleculerError remote = new MoleculerError("boom", 500, "BOOM", null);
		assertThat(this.pending.reject("r1", Map.of(), () -> remote)).isTrue();
		assertThat(failureOf(future)).isSameAs(remote);
		assertEmpty();
	}

	@Test
	void responseToNoPendingRequestIsAnOrphan() {
		AtomicBoolean made = new AtomicBoolean();
		assertThat(this.pending.resolve("unknown", Map.of("b", 2), "result")).isFalse();
		assertThat(this.pending.reject("unknown", Map.of(), () -> {
			made.set(true);
			return new MoleculerError("boom");
		})).isFalse();
		assertThat(made).as("the remote error is only made for a pending request").isFalse();
		assertEmpty();
	}

	@Test
	void deadlineFailsTheRequestWithRequestTimeoutError() {
		CompletableFuture<Object> future = add(this.pending, "r1", "node-2", 1);
		Throwable failure = failureOf(future);
		assertThat(failure).isInstanceOf(RequestTimeoutError.class)
			.hasMessage("Request is timed out when call 'svc.act' action on 'node-2' node.");
		assertThat(((MoleculerError) failure).getCode()).isEqualTo(504);
		assertThat(((MoleculerError) failure).getData()).isEqualTo(Map.of("action", "svc.act", "nodeID", "node-2"));
		assertEmpty();
		assertThat(this.pending.resolve("r1", Map.of(), "late")).isFalse();
	}

	@Test
	void noDeadlineMeansNoTimer() {
		add(this.pending, "r1", "node-2", 0);
		assertThat(this.scheduler.getQueue()).isEmpty();
		assertThat(this.pending.size()).isEqualTo(1);
	}

	@Test
	void fullTableAnswersQueueIsFullErrorAndRegistersNothing() {
		PendingRequests table = new PendingRequests("self", 2, this.workers, this.scheduler);
		add(table, "r1", "node-2", 0);
		add(table, "r2", null, 0);
		CompletableFuture<Object> future = new CompletableFuture<>();
		assertThat(table.add("r3", "svc.act", "node-2", 60_000, new HashMap<>(), future)).isFalse();
		assertThat(future).isCompletedExceptionally();
		Throwable failure = failureOf(future);
		assertThat(failure).isInstanceOf(QueueIsFullError.class)
			.hasMessage("Queue is full. Request 'svc.act' action on 'self' node is rejected.");
		assertThat(((MoleculerError) failure).getCode()).isEqualTo(429);
		assertThat(((MoleculerError) failure).isRetryable()).isTrue();
		assertThat(((MoleculerError) failure).getData())
			.isEqualTo(Map.of("action", "svc.act", "nodeID", "self", "size", 2, "limit", 2));
		assertThat(table.size()).isEqualTo(2);
		assertThat(this.scheduler.getQueue()).as("no timer for a refused request").isEmpty();
		assertThat(table.resolve("r3", Map.of(), "x")).isFalse();
	}

	@Test
	void rejectByNodeFailsOnlyTheRequestsSentToThatNode() throws Exception {
		CompletableFuture<Object> a1 = add(this.pending, "a1", "node-a", 60_000);
		CompletableFuture<Object> a2 = add(this.pending, "a2", "node-a", 0);
		CompletableFuture<Object> b1 = add(this.pending, "b1", "node-b", 60_000);
		CompletableFuture<Object> balanced = add(this.pending, "x1", null, 60_000);
		List<PendingRequestInfo> seen = new ArrayList<>();
		int rejected = this.pending.rejectByNode("node-a", (request) -> {
			seen.add(request);
			return new RequestRejectedError(request.action(), "node-a");
		});
		assertThat(rejected).isEqualTo(2);
		assertThat(seen).containsExactlyInAnyOrder(new PendingRequestInfo("a1", "svc.act", "node-a"),
				new PendingRequestInfo("a2", "svc.act", "node-a"));
		for (CompletableFuture<Object> future : List.of(a1, a2)) {
			assertThat(failureOf(future)).isInstanceOf(RequestRejectedError.class)
				.hasMessage("Request is rejected when call 'svc.act' action on 'node-a' node.");
		}
		assertThat(b1).isNotDone();
		assertThat(balanced).isNotDone();
		assertThat(this.pending.size()).isEqualTo(2);
		assertThat(this.pending.rejectByNode("node-a", (request) -> new RequestRejectedError(request.action(), null)))
			.isZero();
		assertThat(this.pending.resolve("b1", Map.of(), "b")).isTrue();
		assertThat(this.pending.resolve("x1", Map.of(), "x")).isTrue();
		assertThat(b1.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b");
		assertThat(balanced.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("x");
		assertEmpty();
	}

	@Test
	void rejectByNodeSinceFailsOnlyTheRequestsSentAtOrAfterThatTime() {
		CompletableFuture<Object> a1 = add(this.pending, "a1", "node-a", 60_000);
		CompletableFuture<Object> b1 = add(this.pending, "b1", "node-b", 60_000);
		assertThat(this.pending.rejectByNodeSince("node-a", Long.MAX_VALUE,
				(request) -> new RequestRejectedError(request.action(), "node-a")))
			.as("sent before the time: kept")
			.isZero();
		assertThat(a1).isNotDone();
		assertThat(this.pending.rejectByNodeSince("node-a", Long.MIN_VALUE,
				(request) -> new RequestRejectedError(request.action(), "node-a")))
			.isEqualTo(1);
		assertThat(failureOf(a1)).isInstanceOf(RequestRejectedError.class);
		assertThat(b1).isNotDone();
		assertThat(this.pending.size()).isEqualTo(1);
	}

	@Test
	void rejectAllFailsEveryRequestAndEmptiesTheTable() {
		List<CompletableFuture<Object>> futures = List.of(add(this.pending, "a1", "node-a", 60_000),
				add(this.pending, "b1", "node-b", 0), add(this.pending, "x1", null, 60_000));
		assertThat(this.pending.rejectAll((request) -> new BrokerDisconnectedError())).isEqualTo(3);
		for (CompletableFuture<Object> future : futures) {
			assertThat(failureOf(future)).isInstanceOf(BrokerDisconnectedError.class)
				.hasMessage("The broker's transporter has disconnected. Please try again when a connection is "
						+ "reestablished.");
		}
		assertEmpty();
		assertThat(this.pending.rejectAll((request) -> new BrokerDisconnectedError())).isZero();
	}

	@Test
	void completingAfterARejectIsANoOp() {
		CompletableFuture<Object> future = add(this.pending, "r1", "node-a", 60_000);
		this.pending.rejectByNode("node-a", (request) -> new RequestRejectedError(request.action(), "node-a"));
		assertThat(this.pending.resolve("r1", Map.of("b", 2), "late")).isFalse();
		assertThat(this.pending.reject("r1", Map.of(), () -> new MoleculerError("late"))).isFalse();
		this.pending.abort("r1", future, new IllegalStateException("late"));
		assertThat(this.pending.rejectAll((request) -> new BrokerDisconnectedError())).isZero();
		assertThat(failureOf(future)).isInstanceOf(RequestRejectedError.class);
		assertEmpty();
	}

	@Test
	void abortFailsTheRequestWithItsCauseOnTheCallingThread() {
		CompletableFuture<Object> future = add(this.pending, "r1", "node-a", 60_000);
		IllegalStateException cause = new IllegalStateException("not sent");
		this.pending.abort("r1", new CompletableFuture<>(), cause);
		assertThat(future).as("another registration's future does not abort this one").isNotDone();
		this.pending.abort("r1", future, cause);
		assertThat(future).isCompletedExceptionally();
		assertThat(failureOf(future)).isSameAs(cause);
		assertEmpty();
	}

	@Test
	void concurrentAddsAndResponsesLeaveNothingBehind() throws Exception {
		int threads = 4;
		int perThread = 500;
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<CompletableFuture<Object>>>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(callers.submit(() -> {
					start.await(WAIT_SECONDS, TimeUnit.SECONDS);
					List<CompletableFuture<Object>> futures = new ArrayList<>();
					for (int i = 0; i < perThread; i++) {
						String id = thread + "-" + i;
						futures.add(add(this.pending, id, "node-" + thread, 60_000));
						assertThat(this.pending.resolve(id, Map.of(), id)).isTrue();
					}
					return futures;
				}));
			}
			start.countDown();
			for (int t = 0; t < threads; t++) {
				List<CompletableFuture<Object>> futures = results.get(t).get(WAIT_SECONDS, TimeUnit.SECONDS);
				for (int i = 0; i < perThread; i++) {
					assertThat(futures.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(t + "-" + i);
				}
			}
			assertEmpty();
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void concurrentResponsesAndRejectsEndEveryRequestExactlyOnce() throws Exception {
		int count = 900;
		List<CompletableFuture<Object>> futures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			futures.add(add(this.pending, "r" + i, "node-a", 60_000));
		}
		ExecutorService racers = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<Integer> responder = racers.submit(() -> {
				start.await(WAIT_SECONDS, TimeUnit.SECONDS);
				int resolved = 0;
				for (int i = 0; i < count; i++) {
					if (this.pending.resolve("r" + i, Map.of(), i)) {
						resolved++;
					}
				}
				return resolved;
			});
			Future<Integer> rejecter = racers.submit(() -> {
				start.await(WAIT_SECONDS, TimeUnit.SECONDS);
				return this.pending.rejectByNode("node-a",
						(request) -> new RequestRejectedError(request.action(), "node-a"));
			});
			start.countDown();
			int resolved = responder.get(WAIT_SECONDS, TimeUnit.SECONDS);
			int rejected = rejecter.get(WAIT_SECONDS, TimeUnit.SECONDS);
			assertThat(resolved + rejected).isEqualTo(count);
			AtomicInteger failed = new AtomicInteger();
			for (int i = 0; i < count; i++) {
				CompletableFuture<Object> future = futures.get(i);
				Object outcome = future.handle((value, ex) -> (ex != null) ? ex : value)
					.get(WAIT_SECONDS, TimeUnit.SECONDS);
				if (outcome instanceof RequestRejectedError) {
					failed.incrementAndGet();
				}
				else {
					assertThat(outcome).isEqualTo(i);
				}
			}
			assertThat(failed.get()).isEqualTo(rejected);
			assertEmpty();
		}
		finally {
			racers.shutdownNow();
		}
	}

	@Test
	void watchProbesTheNodesOfRequestsPendingTooLong() {
		add(this.pending, "a1", "node-a", 0);
		add(this.pending, "x1", null, 0);
		Set<String> probed = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> {
			this.pending.probeOverdue(probed::add);
			return !probed.isEmpty();
		});
		assertThat(probed).as("a balanced request has no node to probe").containsExactly("node-a");
	}

	@Test
	void startedWatchRunsOnTheScheduler() {
		add(this.pending, "a1", "node-a", 0);
		Set<String> probed = ConcurrentHashMap.newKeySet();
		this.pending.startWatch(probed::add);
		await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> probed.contains("node-a"));
		this.pending.stopWatch();
		// A run already under way may requeue the cancelled task once; it leaves at its next turn.
		await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> this.scheduler.getQueue().isEmpty());
	}

}
