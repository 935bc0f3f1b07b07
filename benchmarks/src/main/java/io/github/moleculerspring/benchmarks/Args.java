package io.github.moleculerspring.benchmarks;

import java.util.HashMap;
import java.util.Map;

/** {@code key=value} command-line arguments of the benchmark processes. */
final class Args {

	private final Map<String, String> values = new HashMap<>();

	Args(String[] args) {
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq > 0) {
				this.values.put(arg.substring(0, eq), arg.substring(eq + 1));
			}
		}
	}

	String get(String key, String fallback) {
		return this.values.getOrDefault(key, fallback);
	}

	int integer(String key, int fallback) {
		return Integer.parseInt(get(key, String.valueOf(fallback)));
	}

	double number(String key, double fallback) {
		return Double.parseDouble(get(key, String.valueOf(fallback)));
	}

	java.util.List<Integer> integers(String key, java.util.List<Integer> fallback) {
		String value = this.values.get(key);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		return java.util.Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

	java.util.List<String> strings(String key, java.util.List<String> fallback) {
		String value = this.values.get(key);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		return java.util.Arrays.stream(value.split(",")).map(String::trim).toList();
	}

}
