package io.github.moleculerspring.annotation.support;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns option maps written as text (annotation entries such as {@code "vnodes=20"}, or
 * {@code moleculer.registry.strategy-options.*} properties) into the maps Moleculer expects: keys
 * in camelCase ({@code shard-key} becomes {@code shardKey}) and values that read as numbers or
 * booleans typed as such, so that Moleculer.js nodes reading them from a descriptor, and strategies
 * reading them locally, see {@code 20} rather than {@code "20"}.
 */
public final class OptionValues {

	private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

	private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");

	private OptionValues() {
	}

	/**
	 * Parses {@code key=value} entries.
	 * @param entries the entries
	 * @param attribute the attribute they come from, for error messages
	 * @return the options, in the order given
	 * @throws IllegalArgumentException when an entry has no {@code =} or no key
	 */
	public static Map<String, Object> parse(String[] entries, String attribute) {
		Map<String, Object> options = new LinkedHashMap<>();
		for (String entry : entries) {
			int separator = entry.indexOf('=');
			if (separator <= 0 || entry.substring(0, separator).isBlank()) {
				throw new IllegalArgumentException(attribute + " entry '" + entry + "' is not of the form key=value");
			}
			options.put(key(entry.substring(0, separator).trim()), value(entry.substring(separator + 1).trim()));
		}
		return options;
	}

	/**
	 * Normalizes a bound map: camelCase keys, typed values, nested maps likewise.
	 * @param map the map
	 * @return a new map
	 */
	public static Map<String, Object> normalize(Map<String, ?> map) {
		Map<String, Object> options = new LinkedHashMap<>();
		map.forEach((key, value) -> options.put(key(key), normalizeValue(value)));
		return options;
	}

	@SuppressWarnings("unchecked")
	private static Object normalizeValue(Object value) {
		if (value instanceof Map<?, ?> nested) {
			return normalize((Map<String, ?>) nested);
		}
		if (value instanceof String text) {
			return value(text.trim());
		}
		return value;
	}

	/**
	 * A Moleculer option name from a property-style key: {@code shard-key} gives {@code shardKey};
	 * a key without dashes is kept as it is.
	 * @param key the key
	 * @return the option name
	 */
	public static String key(String key) {
		if (key.indexOf('-') < 0) {
			return key;
		}
		StringBuilder name = new StringBuilder(key.length());
		boolean upper = false;
		for (char c : key.toCharArray()) {
			if (c == '-') {
				upper = name.length() > 0;
			}
			else {
				name.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return name.toString();
	}

	/**
	 * A typed option value: {@code true} and {@code false} give a {@code Boolean}, an integer an
	 * {@code Integer} (or a {@code Long} when it is too large), a decimal number a {@code Double};
	 * anything else stays text.
	 * @param text the text
	 * @return the value
	 */
	public static Object value(String text) {
		String lower = text.toLowerCase(Locale.ROOT);
		if (lower.equals("true") || lower.equals("false")) {
			return Boolean.valueOf(lower);
		}
		if (INTEGER.matcher(text).matches()) {
			try {
				long number = Long.parseLong(text);
				if (number == (int) number) {
					return (int) number;
				}
				return number;
			}
			catch (NumberFormatException ex) {
				return text;
			}
		}
		if (DECIMAL.matcher(text).matches()) {
			return Double.valueOf(text);
		}
		return text;
	}

}
