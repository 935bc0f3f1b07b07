package io.github.moleculerspring.strategy;

import java.util.Map;

/** Reads Moleculer strategy options with defaults. */
final class StrategyOptions {

	private StrategyOptions() {
	}

	static int integer(Map<String, Object> options, String key, int fallback) {
		Object value = options.get(key);
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String text && !text.isBlank()) {
			return Integer.parseInt(text.trim());
		}
		return fallback;
	}

	static double number(Map<String, Object> options, String key, double fallback) {
		Object value = options.get(key);
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		if (value instanceof String text && !text.isBlank()) {
			return Double.parseDouble(text.trim());
		}
		return fallback;
	}

}
