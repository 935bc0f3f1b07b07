package io.github.moleculerspring.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs a warning at most once per interval per key, reporting how many were suppressed, so a flood
 * of bad packets cannot flood the log.
 */
final class RateLimitedLog {

	private final Logger logger;

	private final long intervalNanos;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	RateLimitedLog(Logger logger, long intervalMillis) {
		this.logger = logger;
		this.intervalNanos = intervalMillis * 1_000_000L;
	}

	void warn(String key, String message, Object... args) {
		if (this.windows.size() > 1000) {
			this.windows.clear();
		}
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window());
		long now = System.nanoTime();
		long last = window.last.get();
		if (last != 0 && now - last < this.intervalNanos) {
			window.suppressed.incrementAndGet();
			return;
		}
		if (!window.last.compareAndSet(last, now)) {
			window.suppressed.incrementAndGet();
			return;
		}
		long suppressed = window.suppressed.getAndSet(0);
		if (suppressed > 0) {
			this.logger.warn(message + " (" + suppressed + " similar message(s) suppressed)", args);
		}
		else {
			this.logger.warn(message, args);
		}
	}

	private static final class Window {

		final AtomicLong last = new AtomicLong();

		final AtomicLong suppressed = new AtomicLong();

	}

}
