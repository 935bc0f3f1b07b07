package io.github.moleculerspring.fault;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Reads Moleculer-style option maps ({@code {enabled: true, retries: 3}}) over defaults. */
final class Options {

	private Options() {
	}

	static @Nullable Map<?, ?> map(@Nullable Object value) {
		return (value instanceof Map<?, ?> map) ? map : null;
	}

	static boolean bool(Map<?, ?> map, String key, boolean fallback) {
		Object value = map.get(key);
		if (value instanceof Boolean b) {
			return b;
		}
		if (value instanceof String s && !s.isBlank()) {
			return Boolean.parseBoolean(s.trim());
		}
		return fallback;
	}

	static int integer(Map<?, ?> map, String key, int fallback) {
		Object value = map.get(key);
		if (value instanceof Number n) {
			return n.intValue();
		}
		if (value instanceof String s && !s.isBlank()) {
			return Integer.parseInt(s.trim());
		}
		return fallback;
	}

	static double number(Map<?, ?> map, String key, double fallback) {
		Object value = map.get(key);
		if (value instanceof Number n) {
			return n.doubleValue();
		}
		if (value instanceof String s && !s.isBlank()) {
			return Double.parseDouble(s.trim());
		}
		return fallback;
	}

	/** A duration given in Moleculer's unit for the key (a number), or the fallback. */
	static Duration duration(Map<?, ?> map, String key, Duration fallback, boolean seconds) {
		Object value = map.get(key);
		double amount;
		if (value instanceof Number n) {
			amount = n.doubleValue();
		}
		else if (value instanceof String s && !s.isBlank()) {
			amount = Double.parseDouble(s.trim());
		}
		else {
			return fallback;
		}
		return seconds ? Duration.ofMillis(Math.round(amount * 1000)) : Duration.ofMillis(Math.round(amount));
	}

}
