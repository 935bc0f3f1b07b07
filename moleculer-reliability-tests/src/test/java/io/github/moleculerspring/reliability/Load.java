package io.github.moleculerspring.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.MoleculerErrors;

/**
 * Steady load: a driver thread keeps {@code inFlight} calls running at all times and records every
 * outcome (success, or failure by error class), the latency of failed calls and when the last
 * failure and the first success after it happened.
 */
final class Load implements AutoCloseable {

	/** One failed call. */
	record Failure(String type, long startedNanos, long endedNanos) {

		long latencyMillis() {
			return (this.endedNanos - this.startedNanos) / 1_000_000;
		}

	}

	private static final java.util.concurrent.Executor BACKOFF = java.util.concurrent.CompletableFuture
		.delayedExecutor(5, TimeUnit.MILLISECONDS);

	private final ServiceBroker caller;

	private final String action;

	private final Supplier<Object> params;

	private final CallOptions options;

	private final int inFlight;

	private final Semaphore permits;

	private final LongAdder sent = new LongAdder();

	private final LongAdder succeeded = new LongAdder();

	private final Map<String, LongAdder> failedByType = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

	private final Map<String, LongAdder> okByNode = new ConcurrentHashMap<>();

	private final AtomicLong lastSuccessNanos = new AtomicLong();

	private volatile boolean running = true;

	private final Thread driver;

	Load(ServiceBroker caller, String action, Supplier<Object> params, CallOptions options, int inFlight) {
		this.caller = caller;
		this.action = action;
		this.params = params;
		this.options = options;
		this.inFlight = inFlight;
		this.permits = new Semaphore(inFlight);
		this.driver = new Thread(this::drive, "load-" + action);
		this.driver.setDaemon(true);
		this.driver.start();
	}

	private void drive() {
		while (this.running) {
			try {
				if (!this.permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					continue;
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			if (!this.running) {
				this.permits.release();
				return;
			}
			long started = System.nanoTime();
			this.sent.increment();
			try {
				this.caller.call(this.action, this.params.get(), this.options).whenComplete((result, error) -> {
					record(started, result, error);
					if (error == null) {
						this.permits.release();
					}
					else {
						// A client backs off a little after a failure rather than spinning.
						BACKOFF.execute(this.permits::release);
					}
				});
			}
			catch (RuntimeException ex) {
				record(started, null, ex);
				this.permits.release();
			}
		}
	}

	private void record(long started, Object result, Throwable error) {
		long now = System.nanoTime();
		if (error == null) {
			this.succeeded.increment();
			this.lastSuccessNanos.set(now);
			if (result instanceof String node) {
				this.okByNode.computeIfAbsent(node, (k) -> new LongAdder()).increment();
			}
		}
		else {
			String type = MoleculerErrors.unwrap(error).getClass().getSimpleName();
			this.failedByType.computeIfAbsent(type, (k) -> new LongAdder()).increment();
			this.failures.add(new Failure(type, started, now));
		}
	}

	long sent() {
		return this.sent.sum();
	}

	long succeeded() {
		return this.succeeded.sum();
	}

	long failed() {
		return this.failures.size();
	}

	Map<String, Long> failedByType() {
		Map<String, Long> result = new TreeMap<>();
		this.failedByType.forEach((type, count) -> result.put(type, count.sum()));
		return result;
	}

	Map<String, Long> okByNode() {
		Map<String, Long> result = new TreeMap<>();
		this.okByNode.forEach((node, count) -> result.put(node, count.sum()));
		return result;
	}

	Iterable<Failure> failures() {
		return this.failures;
	}

	long maxFailureLatencyMillis() {
		return this.failures.stream().mapToLong(Failure::latencyMillis).max().orElse(0);
	}

	/** Successes so far counted at a point in time, for "progress" checks. */
	long lastSuccessNanos() {
		return this.lastSuccessNanos.get();
	}

	/**
	 * Stops sending and waits until every call sent has completed.
	 * @param seconds the most to wait
	 * @return the number of calls still not complete (hanging) after the wait
	 */
	int stop(int seconds) {
		this.running = false;
		try {
			this.driver.join(5000);
			if (this.permits.tryAcquire(this.inFlight, seconds, TimeUnit.SECONDS)) {
				this.permits.release(this.inFlight);
				return 0;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.inFlight - this.permits.availablePermits();
	}

	@Override
	public void close() {
		this.running = false;
	}

	String summary() {
		return "sent=" + sent() + " ok=" + succeeded() + " failed=" + failed() + " " + failedByType()
				+ " maxFailLatencyMs=" + maxFailureLatencyMillis();
	}

}
