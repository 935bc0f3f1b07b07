package io.github.moleculerspring.fault;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Moleculer's bulkhead options, defaults from Moleculer.js 0.15: disabled, 10 calls of an action
 * run at once on this node, 100 more may wait, and beyond that calls fail with
 * {@code QueueIsFullError} (429).
 * @param enabled whether the bulkhead is on
 * @param concurrency calls that run at once
 * @param maxQueueSize calls that may wait; 0 means no limit, as in Moleculer
 */
public record BulkheadOptions(boolean enabled, int concurrency, int maxQueueSize) {

	public BulkheadOptions {
		if (concurrency < 1) {
			throw new InvalidOptionException("concurrency", concurrency, "must be at least 1");
		}
		if (maxQueueSize < 0) {
			throw new InvalidOptionException("maxQueueSize", maxQueueSize, "must not be negative (0 means no limit)");
		}
	}

	/** Moleculer's defaults (disabled). */
	public static BulkheadOptions defaults() {
		return new BulkheadOptions(false, 10, 100);
	}

	public BulkheadOptions withEnabled(boolean enabled) {
		return new BulkheadOptions(enabled, this.concurrency, this.maxQueueSize);
	}

	/**
	 * These options overridden by an action's or event's {@code bulkhead} map.
	 * @param override the map, or {@code null}
	 * @return the merged options
	 */
	public BulkheadOptions merge(@Nullable Object override) {
		Map<?, ?> map = Options.map(override);
		if (map == null) {
			return this;
		}
		return new BulkheadOptions(Options.bool(map, "enabled", this.enabled),
				Options.integer(map, "concurrency", this.concurrency),
				Options.integer(map, "maxQueueSize", this.maxQueueSize));
	}

	/** The options as a Moleculer descriptor map. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("enabled", this.enabled);
		map.put("concurrency", this.concurrency);
		map.put("maxQueueSize", this.maxQueueSize);
		return map;
	}

}
