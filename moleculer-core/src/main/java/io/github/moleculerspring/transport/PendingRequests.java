package io.github.moleculerspring.transport;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.transport.Transit.PendingRequestInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests this node sent and still awaits a response to (Moleculer.js's
 * {@code transit.pendingRequests}): a table bounded by the max-pending limit, the timers that end
 * each request at its deadline, and the watch that probes the nodes of requests pending too long.
 * It is the {@link Transit}'s bookkeeping, kept apart from the wire work so that every way a
 * pending request ends is in one place.
 *
 * <p>
 * Every request ends exactly once: with its response ({@link #resolve}, {@link #reject(String, Map,
 * Supplier)}), at its deadline with a {@link RequestTimeoutError}, when it could not be sent
 * ({@link #abort}), or through the one reject path ({@link #rejectByNode}, {@link #rejectByNodeSince},
 * {@link #rejectAll}). Whatever comes later for the same request finds no entry and does nothing.
 * Timeouts and rejections complete the caller's future on the worker executor, never on a timer or
 * transport thread.
 */
final class PendingRequests {

	private static final Logger logger = LoggerFactory.getLogger(PendingRequests.class);

	/** Requests pending longer than this make their target node probed. */
	static final long PROBE_AFTER_MILLIS = 1000;

	private final String nodeID;

	private final int maxPending;

	private final Executor executor;

	private final ScheduledExecutorService scheduler;

	private final Map<String, PendingRequest> table = new ConcurrentHashMap<>();

	private final Map<String, Long> lastProbes = new ConcurrentHashMap<>();

	private final RateLimitedLog warnings = new RateLimitedLog(logger, 10_000);

	private volatile @Nullable ScheduledFuture<?> watch;

	/**
	 * Creates an empty table.
	 * @param nodeID this node, named by {@link QueueIsFullError} when the table is full
	 * @param maxPending the most requests pending at once
	 * @param executor the worker executor, on which timeouts and rejections complete
	 * @param scheduler the timer of deadlines and of the watch
	 */
	PendingRequests(String nodeID, int maxPending, Executor executor, ScheduledExecutorService scheduler) {
		this.nodeID = nodeID;
		this.maxPending = maxPending;
		this.executor = executor;
		this.scheduler = scheduler;
	}

	/** The number of requests awaiting a response. */
	int size() {
		return this.table.size();
	}

	/**
	 * Registers a request about to be sent, with its deadline. When the table is full, the future
	 * fails at once with a {@link QueueIsFullError} (429) and nothing is registered: the request
	 * must not be sent.
	 * @param id the request ID
	 * @param action the action
	 * @param target the node it goes to, {@code null} for a balanced request
	 * @param timeoutMillis the deadline, {@code 0} for none
	 * @param meta the caller's meta, into which the response meta is merged
	 * @param future the caller's future
	 * @return whether the request was registered
	 */
	boolean add(String id, String action, @Nullable String target, double timeoutMillis, Map<String, Object> meta,
			CompletableFuture<Object> future) {
		if (this.table.size() >= this.maxPending) {
			future.completeExceptionally(new QueueIsFullError(action, this.nodeID, this.table.size(), this.maxPending));
			return false;
		}
		PendingRequest request = new PendingRequest(id, action, target, future, meta);
		this.table.put(id, request);
		if (timeoutMillis > 0) {
			long delayMicros = Math.max(1, (long) (timeoutMillis * 1000));
			request.timer = this.scheduler.schedule(() -> expire(request), delayMicros, TimeUnit.MICROSECONDS);
		}
		return true;
	}

	/**
	 * The registered request could not be sent: it ends now with the cause, on the calling thread.
	 * @param id the request ID
	 * @param future the future it was registered with
	 * @param cause why it could not be sent
	 */
	void abort(String id, CompletableFuture<Object> future, Throwable cause) {
		PendingRequest request = this.table.get(id);
		if (request != null && request.future == future && take(request)) {
			future.completeExceptionally(cause);
		}
	}

	/**
	 * A successful response arrived: merges its meta into the caller's and completes the request.
	 * @param id the request ID
	 * @param responseMeta the response meta
	 * @param data the result
	 * @return {@code false} when the request is no longer pending (timed out, rejected or already
	 * answered)
	 */
	boolean resolve(String id, Map<String, Object> responseMeta, @Nullable Object data) {
		return resolve(id, responseMeta, data, null);
	}

	/**
	 * A successful response arrived, read by a poller or a worker.
	 * @param id the request ID
	 * @param responseMeta the response meta
	 * @param data the result
	 * @param poller the poller that read it, or {@code null} on a worker; see {@link #completeFrom}
	 * @return {@code false} when the request is no longer pending
	 */
	boolean resolve(String id, Map<String, Object> responseMeta, @Nullable Object data,
			ReceivePollers.@Nullable Poller poller) {
		PendingRequest request = remove(id, responseMeta);
		if (request == null) {
			return false;
		}
		completeFrom(poller, request, () -> request.future.complete(data));
		return true;
	}

	/**
	 * An error response arrived: merges its meta into the caller's and fails the request.
	 * @param id the request ID
	 * @param responseMeta the response meta
	 * @param error makes the remote error, only when the request is still pending
	 * @return {@code false} when the request is no longer pending (timed out, rejected or already
	 * answered)
	 */
	boolean reject(String id, Map<String, Object> responseMeta, Supplier<? extends Throwable> error) {
		return reject(id, responseMeta, error, null);
	}

	/**
	 * An error response arrived, read by a poller or a worker.
	 * @param id the request ID
	 * @param responseMeta the response meta
	 * @param error makes the remote error, only when the request is still pending
	 * @param poller the poller that read it, or {@code null} on a worker; see {@link #completeFrom}
	 * @return {@code false} when the request is no longer pending
	 */
	boolean reject(String id, Map<String, Object> responseMeta, Supplier<? extends Throwable> error,
			ReceivePollers.@Nullable Poller poller) {
		PendingRequest request = remove(id, responseMeta);
		if (request == null) {
			return false;
		}
		Throwable failure = error.get();
		completeFrom(poller, request, () -> request.future.completeExceptionally(failure));
		return true;
	}

	/**
	 * Completes a caller's future where its response was read: on a worker, or inline on the poller,
	 * which then runs the caller's continuations and tells the safety net whose they are. Calls to an
	 * action whose continuations were once caught blocking a poller complete on the worker executor.
	 */
	private void completeFrom(ReceivePollers.@Nullable Poller poller, PendingRequest request, Runnable completion) {
		if (poller == null) {
			completion.run();
		}
		else if (poller.isDemoted(PollerDemotions.Kind.RESPONSE, request.action)) {
			complete(completion);
		}
		else {
			poller.running(PollerDemotions.Kind.RESPONSE, request.action);
			completion.run();
		}
	}

	private @Nullable PendingRequest remove(String id, Map<String, Object> responseMeta) {
		PendingRequest request = this.table.remove(id);
		if (request == null) {
			return null;
		}
		request.cancelTimer();
		if (!responseMeta.isEmpty()) {
			request.meta.putAll(responseMeta);
		}
		return request;
	}

	private void expire(PendingRequest request) {
		if (this.table.remove(request.id, request)) {
			MoleculerError error = new RequestTimeoutError(request.action, request.nodeID);
			complete(() -> request.future.completeExceptionally(error));
		}
	}

	/**
	 * Fails the requests sent to a node: it left, or restarted as a new instance.
	 * @param target the node
	 * @param error the error for each request
	 * @return how many were failed
	 */
	int rejectByNode(String target, Function<PendingRequestInfo, Throwable> error) {
		return rejectWhere((request) -> target.equals(request.nodeID), error);
	}

	/**
	 * Fails the requests sent to a node at or after a time: those it cannot have received if it was
	 * away from the transporter since then.
	 * @param target the node
	 * @param sinceEpochMillis the time ({@link System#currentTimeMillis()})
	 * @param error the error for each request
	 * @return how many were failed
	 */
	int rejectByNodeSince(String target, long sinceEpochMillis, Function<PendingRequestInfo, Throwable> error) {
		return rejectWhere((request) -> target.equals(request.nodeID) && request.sentAtMillis >= sinceEpochMillis,
				error);
	}

	/**
	 * Fails every request: this node's connection is gone, or it stops.
	 * @param error the error for each request
	 * @return how many were failed
	 */
	int rejectAll(Function<PendingRequestInfo, Throwable> error) {
		return rejectWhere((request) -> true, error);
	}

	/** The one reject path: ends each matching request that is still pending with its error. */
	private int rejectWhere(Predicate<PendingRequest> which, Function<PendingRequestInfo, Throwable> error) {
		int count = 0;
		for (PendingRequest request : this.table.values()) {
			if (which.test(request) && take(request)) {
				Throwable failure = error.apply(request.info());
				complete(() -> request.future.completeExceptionally(failure));
				count++;
			}
		}
		return count;
	}

	/** Removes the request if it is still this entry, and cancels its timer; returns whether it did. */
	private boolean take(PendingRequest request) {
		if (this.table.remove(request.id, request)) {
			request.cancelTimer();
			return true;
		}
		return false;
	}

	/** Completes a caller's future on the worker executor, never on a transport or timer thread. */
	private void complete(Runnable completion) {
		completeOn(this.executor, completion);
	}

	/** Runs a completion on an executor, or here when it no longer accepts work (stopping). */
	static void completeOn(Executor executor, Runnable completion) {
		try {
			executor.execute(completion);
		}
		catch (RejectedExecutionException ex) {
			completion.run();
		}
	}

	// ------------------------------------------------------------------ watch

	/**
	 * Starts the watch, every 500 ms, unless it was started before.
	 * @param prober asks a node for a sign of life
	 */
	synchronized void startWatch(Consumer<String> prober) {
		if (this.watch == null) {
			try {
				this.watch = this.scheduler.scheduleWithFixedDelay(() -> probeOverdue(prober), 500, 500,
						TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// stopping
			}
		}
	}

	/** Stops the watch (for good: a later {@link #startWatch} does not restart it). */
	void stopWatch() {
		ScheduledFuture<?> current = this.watch;
		if (current != null) {
			current.cancel(false);
		}
	}

	/**
	 * Probes the nodes that have requests pending for more than a second, at most once a second each:
	 * a node whose process died (no subscription left) is reported gone, so its pending requests
	 * fail at once instead of waiting for the heartbeat timeout.
	 */
	void probeOverdue(Consumer<String> prober) {
		try {
			long now = System.nanoTime();
			Set<String> targets = new HashSet<>();
			for (PendingRequest request : this.table.values()) {
				if (request.nodeID != null && now - request.sentAtNanos > PROBE_AFTER_MILLIS * 1_000_000) {
					targets.add(request.nodeID);
				}
			}
			for (String target : targets) {
				Long last = this.lastProbes.get(target);
				if (last == null || now - last > PROBE_AFTER_MILLIS * 1_000_000) {
					this.lastProbes.put(target, now);
					prober.accept(target);
				}
			}
			this.lastProbes.keySet().retainAll(targets);
		}
		catch (RuntimeException ex) {
			this.warnings.warn("watch", "Pending-request watch failed: {}", ex.toString());
		}
	}

	private static final class PendingRequest {

		final String id;

		final String action;

		final @Nullable String nodeID;

		final CompletableFuture<Object> future;

		final Map<String, Object> meta;

		final long sentAtNanos = System.nanoTime();

		final long sentAtMillis = System.currentTimeMillis();

		volatile @Nullable ScheduledFuture<?> timer;

		PendingRequest(String id, String action, @Nullable String nodeID, CompletableFuture<Object> future,
				Map<String, Object> meta) {
			this.id = id;
			this.action = action;
			this.nodeID = nodeID;
			this.future = future;
			this.meta = meta;
		}

		void cancelTimer() {
			ScheduledFuture<?> current = this.timer;
			if (current != null) {
				current.cancel(false);
			}
		}

		PendingRequestInfo info() {
			return new PendingRequestInfo(this.id, this.action, this.nodeID);
		}

	}

}
