package io.github.moleculerspring.benchmarks.loop;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load: a fixed number of operations in flight, each completion starting the next,
 * with a warm-up and a measured window (its edges printed as {@code WINDOW start|end}); latencies in
 * an HdrHistogram (microsecond resolution). Both benchmark callers use it (the core caller and the
 * Spring Boot caller), so they measure alike.
 *
 * <p>
 * <b>A trampoline.</b> An operation may complete on the thread that started it (a local endpoint,
 * an error thrown at once). Starting the next one from that completion would nest a call per
 * operation until the stack overflows; instead a completion on a thread that is already starting
 * operations queues the next start, and that thread's loop runs it. The slots are started on a
 * launcher thread, so a load that only ever completes synchronously keeps that thread busy, not the
 * one measuring the window.
 */
public final class ClosedLoop {

	private static final ThreadLocal<ArrayDeque<Runnable>> TRAMPOLINE = new ThreadLocal<>();

	private final Supplier<CompletableFuture<?>> operation;

	private final int inFlight;

	private final Recorder recorder = new Recorder(3);

	private final AtomicLong completed = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private volatile boolean measuring;

	private volatile String firstError = "";

	/**
	 * Creates a load.
	 * @param operation starts one operation
	 * @param inFlight how many are in flight at once, at least 1
	 */
	public ClosedLoop(Supplier<CompletableFuture<?>> operation, int inFlight) {
		if (inFlight < 1) {
			throw new IllegalArgumentException("inFlight must be at least 1, not " + inFlight);
		}
		this.operation = operation;
		this.inFlight = inFlight;
	}

	/**
	 * Runs the load.
	 * @param warmupSeconds the warm-up
	 * @param measureSeconds the measured window
	 * @return the result of the measured window
	 * @throws InterruptedException when interrupted while waiting for the window
	 */
	public Result run(double warmupSeconds, double measureSeconds) throws InterruptedException {
		Thread launcher = new Thread(() -> {
			for (int i = 0; i < this.inFlight; i++) {
				launch();
			}
		}, "closed-loop-launcher");
		launcher.setDaemon(true);
		launcher.start();
		Thread.sleep((long) (warmupSeconds * 1000));
		this.recorder.reset();
		long startCount = this.completed.get();
		long startFailed = this.failed.get();
		long start = System.nanoTime();
		this.measuring = true;
		window("start");
		Thread.sleep((long) (measureSeconds * 1000));
		this.measuring = false;
		long elapsed = System.nanoTime() - start;
		window("end");
		long count = this.completed.get() - startCount;
		long errors = this.failed.get() - startFailed;
		Histogram histogram = this.recorder.getIntervalHistogram();
		this.running.set(false);
		return new Result(count * 1e9 / elapsed, histogram.getValueAtPercentile(50),
				histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), count, errors, this.firstError);
	}

	/** Tells the runner, which samples /proc of both processes, where the measured window starts and ends. */
	public static void window(String edge) {
		System.out.println("WINDOW " + edge);
		System.out.flush();
	}

	/** Operations completed so far, failures not counted. */
	public long completed() {
		return this.completed.get();
	}

	/**
	 * Starts one operation: at once on a thread not yet starting any, else after the current start
	 * returns (the trampoline), so synchronous completions never nest.
	 */
	private void launch() {
		ArrayDeque<Runnable> pending = TRAMPOLINE.get();
		if (pending != null) {
			pending.add(this::startOne);
			return;
		}
		pending = new ArrayDeque<>();
		TRAMPOLINE.set(pending);
		try {
			startOne();
			Runnable next;
			while ((next = pending.poll()) != null) {
				next.run();
			}
		}
		finally {
			TRAMPOLINE.remove();
		}
	}

	private void startOne() {
		if (!this.running.get()) {
			return;
		}
		long start = System.nanoTime();
		CompletableFuture<?> future;
		try {
			future = this.operation.get();
		}
		catch (RuntimeException ex) {
			future = CompletableFuture.failedFuture(ex);
		}
		future.whenComplete((value, error) -> {
			long micros = (System.nanoTime() - start) / 1000;
			if (error != null) {
				this.failed.incrementAndGet();
				if (this.firstError.isEmpty()) {
					this.firstError = String.valueOf(error);
				}
			}
			else {
				this.completed.incrementAndGet();
				if (this.measuring) {
					this.recorder.recordValue(Math.max(1, micros));
				}
			}
			launch();
		});
	}

	/**
	 * A measured window.
	 * @param opsPerSecond throughput
	 * @param p50 median latency in microseconds
	 * @param p99 99th percentile latency in microseconds
	 * @param p999 99.9th percentile latency in microseconds
	 * @param count operations completed
	 * @param errors operations failed
	 * @param firstError the first failure, if any
	 */
	public record Result(double opsPerSecond, double p50, double p99, double p999, long count, long errors,
			String firstError) {

		/** The result as the one-line JSON the runner reads. */
		public String json() {
			return String.format(Locale.ROOT,
					"{\"ops\":%.1f,\"p50\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"count\":%d,\"errors\":%d,\"error\":\"%s\"}",
					this.opsPerSecond, this.p50, this.p99, this.p999, this.count, this.errors,
					this.firstError.replace("\"", "'").replace("\\", "/"));
		}

	}

}
