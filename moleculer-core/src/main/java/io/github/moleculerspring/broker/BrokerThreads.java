package io.github.moleculerspring.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's threads: the executor that runs handlers (the application's, or a worker pool or
 * virtual threads of the broker's own) and the single timer thread for delays and timeouts. It
 * owns what it creates and shuts it down when the broker stops; an executor given by the
 * application is left running.
 */
final class BrokerThreads {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final Executor executor;

	private final @Nullable ExecutorService ownExecutor;

	private final ScheduledExecutorService scheduler;

	BrokerThreads(BrokerOptions options, String nodeID) {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
				threadFactory("moleculer-timer-" + nodeID, false));
		timer.setRemoveOnCancelPolicy(true);
		this.scheduler = timer;
		if (options.executor() != null) {
			this.executor = options.executor();
			this.ownExecutor = null;
		}
		else {
			this.ownExecutor = options.virtualThreads() ? virtualThreadExecutor()
					: workerPool(options.workerThreads(), nodeID);
			this.executor = this.ownExecutor;
		}
	}

	Executor executor() {
		return this.executor;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/** Completes after {@code millis} on the timer (at once when not positive or the timer has stopped). */
	CompletableFuture<Void> delay(long millis) {
		if (millis <= 0) {
			return CompletableFuture.completedFuture(null);
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		try {
			this.scheduler.schedule(() -> future.complete(null), millis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			future.complete(null);
		}
		return future;
	}

	/** Stops the timer and the broker's own executor. */
	void shutdown() {
		this.scheduler.shutdown();
		if (this.ownExecutor != null) {
			this.ownExecutor.shutdown();
		}
	}

	private static ThreadFactory threadFactory(String name, boolean numbered) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, numbered ? name + "-" + counter.incrementAndGet() : name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * The worker pool: a FIFO fork-join pool of {@code threads} workers. Its idle workers look for
	 * work a little before they park, so a stream of requests wakes far fewer threads than a
	 * {@code ThreadPoolExecutor} would (about half the CPU per remote request in the benchmarks).
	 * A handler that blocks in {@code join()} or {@code get()} gets a compensating worker, up to
	 * 256 extra; idle workers end after 60 s.
	 */
	private static ExecutorService workerPool(int threads, String nodeID) {
		ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
		AtomicInteger counter = new AtomicInteger();
		ForkJoinPool.ForkJoinWorkerThreadFactory factory = (pool) -> {
			ForkJoinWorkerThread thread = new ForkJoinWorkerThread(pool) {
			};
			thread.setName("moleculer-worker-" + nodeID + "-" + counter.incrementAndGet());
			thread.setDaemon(true);
			thread.setContextClassLoader(classLoader);
			return thread;
		};
		Thread.UncaughtExceptionHandler failures = (thread, error) -> logger
			.error("Uncaught failure on worker thread '{}'", thread.getName(), error);
		return new ForkJoinPool(threads, factory, failures, true, 0, threads + 256, 1, (pool) -> true, 60,
				TimeUnit.SECONDS);
	}

	private static ExecutorService virtualThreadExecutor() {
		try {
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Virtual threads need Java 21 or later (running "
					+ System.getProperty("java.version") + ")", ex);
		}
	}

}
