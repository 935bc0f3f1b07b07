package io.github.moleculerspring.middleware;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import io.github.moleculerspring.fault.BulkheadOptions;

/**
 * Limits how many calls of one action (or deliveries of one event) run at once, queues a bounded
 * number more, and rejects the rest. Non-blocking: queued work starts on the executor when a
 * running one ends; no thread waits for a slot.
 */
final class Bulkhead {

	private final int concurrency;

	private final int maxQueueSize;

	private final Executor executor;

	private final Queue<Runnable> queue = new ArrayDeque<>();

	private int inFlight;

	Bulkhead(BulkheadOptions options, Executor executor) {
		this.concurrency = options.concurrency();
		this.maxQueueSize = options.maxQueueSize();
		this.executor = executor;
	}

	/**
	 * Runs the task now, queues it, or rejects it.
	 * @param <T> the result type
	 * @param task the work
	 * @param rejection the error when the queue is full
	 * @return the task's result
	 */
	<T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task, Supplier<? extends Throwable> rejection) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Runnable run = () -> start(task, result);
		synchronized (this) {
			if (this.inFlight < this.concurrency) {
				this.inFlight++;
			}
			else if (this.maxQueueSize > 0 && this.queue.size() >= this.maxQueueSize) {
				result.completeExceptionally(rejection.get());
				return result;
			}
			else {
				this.queue.add(run);
				return result;
			}
		}
		run.run();
		return result;
	}

	private <T> void start(Supplier<CompletableFuture<T>> task, CompletableFuture<T> result) {
		CompletableFuture<T> running;
		try {
			running = task.get();
		}
		catch (RuntimeException ex) {
			running = CompletableFuture.failedFuture(ex);
		}
		running.whenComplete((value, error) -> {
			release();
			if (error != null) {
				result.completeExceptionally(error);
			}
			else {
				result.complete(value);
			}
		});
	}

	private void release() {
		Runnable next;
		synchronized (this) {
			next = this.queue.poll();
			if (next == null) {
				this.inFlight--;
				return;
			}
		}
		try {
			this.executor.execute(next);
		}
		catch (RejectedExecutionException ex) {
			next.run();
		}
	}

	synchronized int inFlight() {
		return this.inFlight;
	}

	synchronized int queued() {
		return this.queue.size();
	}

}
