package io.github.moleculerspring.reliability;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a scenario started (nats-servers, brokers, child JVMs), closed last-started first when the
 * test ends ({@code @AutoClose}); a failing close does not keep the others open.
 */
final class Resources implements AutoCloseable {

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	<T extends AutoCloseable> T track(T resource) {
		this.started.push(resource);
		return resource;
	}

	@Override
	public void close() throws Exception {
		Exception failure = null;
		for (AutoCloseable resource = this.started.poll(); resource != null; resource = this.started.poll()) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
