package io.github.moleculerspring.transport;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

/** Runs tasks one at a time, in submission order, on a backing executor. */
final class SerialExecutor implements Executor {

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private final Executor executor;

	private @Nullable Runnable active;

	SerialExecutor(Executor executor) {
		this.executor = executor;
	}

	@Override
	public synchronized void execute(Runnable task) {
		this.tasks.add(() -> {
			try {
				task.run();
			}
			finally {
				scheduleNext();
			}
		});
		if (this.active == null) {
			scheduleNext();
		}
	}

	private synchronized void scheduleNext() {
		this.active = this.tasks.poll();
		if (this.active != null) {
			try {
				this.executor.execute(this.active);
			}
			catch (RejectedExecutionException ex) {
				// The backing executor is shutting down: what is left is dropped with it.
				this.tasks.clear();
				this.active = null;
			}
		}
	}

}
