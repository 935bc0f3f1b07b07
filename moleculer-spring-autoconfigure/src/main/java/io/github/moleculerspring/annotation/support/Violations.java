package io.github.moleculerspring.annotation.support;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.ValidationError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Builds the field errors of a {@link ValidationError} as fastest-validator does: its rule names
 * ({@code required}, {@code number}, {@code numberInteger}, {@code stringMin}...), its default
 * messages, and {@code actual}/{@code expected} where its rules put them; and the error itself,
 * with Moleculer's message {@code "Parameters validation error!"}.
 *
 * <p>
 * Values echoed in {@code actual} are bounded, so that a 5 MB string that fails a rule does not
 * come back whole: strings longer than {@value #MAX_STRING} characters are cut and end with
 * {@code "…"}, lists and maps of more than {@value #MAX_ITEMS} items (or nested deeper than two
 * levels) are replaced by a summary such as {@code "[5000 items]"}, and other objects are left
 * out.
 */
final class Violations {

	/** The message of Moleculer's validator. */
	static final String MESSAGE = "Parameters validation error!";

	/** The longest string echoed in {@code actual}. */
	static final int MAX_STRING = 100;

	/** The most items of a list or map echoed in {@code actual}. */
	static final int MAX_ITEMS = 10;

	/** The most field errors of one call; further ones are not reported. */
	static final int MAX_VIOLATIONS = 32;

	private static final int MAX_DEPTH = 2;

	/** fastest-validator's default messages ({@code lib/messages.js}) of the rules reported here. */
	private static final Map<String, String> MESSAGES = Map.ofEntries(
			Map.entry("required", "The '{field}' field is required."),
			Map.entry("string", "The '{field}' field must be a string."),
			Map.entry("stringEmpty", "The '{field}' field must not be empty."),
			Map.entry("stringMin",
					"The '{field}' field length must be greater than or equal to {expected} characters long."),
			Map.entry("stringMax",
					"The '{field}' field length must be less than or equal to {expected} characters long."),
			Map.entry("stringPattern", "The '{field}' field fails to match the required pattern."),
			Map.entry("number", "The '{field}' field must be a number."),
			Map.entry("numberMin", "The '{field}' field must be greater than or equal to {expected}."),
			Map.entry("numberMax", "The '{field}' field must be less than or equal to {expected}."),
			Map.entry("numberInteger", "The '{field}' field must be an integer."),
			Map.entry("numberPositive", "The '{field}' field must be a positive number."),
			Map.entry("numberNegative", "The '{field}' field must be a negative number."),
			Map.entry("array", "The '{field}' field must be an array."),
			Map.entry("arrayEmpty", "The '{field}' field must not be an empty array."),
			Map.entry("arrayMin", "The '{field}' field must contain at least {expected} items."),
			Map.entry("arrayMax", "The '{field}' field must contain less than or equal to {expected} items."),
			Map.entry("boolean", "The '{field}' field must be a boolean."),
			Map.entry("date", "The '{field}' field must be a Date."),
			Map.entry("dateMin", "The '{field}' field must be greater than or equal to {expected}."),
			Map.entry("dateMax", "The '{field}' field must be less than or equal to {expected}."),
			Map.entry("enumValue", "The '{field}' field value '{expected}' does not match any of the allowed values."),
			Map.entry("equalValue", "The '{field}' field value must be equal to '{expected}'."),
			Map.entry("forbidden", "The '{field}' field is forbidden."),
			Map.entry("email", "The '{field}' field must be a valid e-mail."),
			Map.entry("object", "The '{field}' must be an Object."),
			Map.entry("objectStrict", "The object '{field}' contains forbidden keys: '{actual}'."),
			Map.entry("objectMinProps", "The object '{field}' must contain at least {expected} properties."),
			Map.entry("objectMaxProps", "The object '{field}' must contain {expected} properties at most."),
			Map.entry("url", "The '{field}' field must be a valid URL."),
			Map.entry("uuid", "The '{field}' field must be a valid UUID."));

	private Violations() {
	}

	/**
	 * A field error with fastest-validator's default message for its rule.
	 * @param type the rule
	 * @param field the field path
	 * @param actual the value received (bounded here), or {@code null}
	 * @param expected what the rule expects, or {@code null}
	 * @param ctx the context, naming the node and the action
	 * @return the error
	 */
	static ValidationError.Violation of(String type, String field, @Nullable Object actual, @Nullable Object expected,
			Context ctx) {
		return of(type, field, null, actual, expected, ctx);
	}

	/**
	 * A field error.
	 * @param type the rule
	 * @param field the field path
	 * @param message the message, or {@code null} for fastest-validator's default of the rule
	 * @param actual the value received (bounded here), or {@code null}
	 * @param expected what the rule expects, or {@code null}
	 * @param ctx the context, naming the node and the action
	 * @return the error
	 */
	static ValidationError.Violation of(String type, String field, @Nullable String message, @Nullable Object actual,
			@Nullable Object expected, Context ctx) {
		Object bounded = bound(actual, 0);
		String text = (message != null) ? message : message(type, field, bounded, expected);
		return new ValidationError.Violation(type, field, text, bounded, expected, null, null)
			.withOrigin(ctx.nodeID(), ctx.action());
	}

	/**
	 * The error of a list of field errors, sorted by field, at most {@value #MAX_VIOLATIONS}.
	 * @param violations the field errors
	 * @return the error
	 */
	static ValidationError error(List<ValidationError.Violation> violations) {
		List<ValidationError.Violation> sorted = new ArrayList<>(violations);
		sorted.sort(Comparator.comparing(ValidationError.Violation::field));
		return ValidationError.of(MESSAGE,
				(sorted.size() > MAX_VIOLATIONS) ? sorted.subList(0, MAX_VIOLATIONS) : sorted);
	}

	private static String message(String type, String field, @Nullable Object actual, @Nullable Object expected) {
		String template = MESSAGES.getOrDefault(type, "The '{field}' field has an invalid value.");
		return template.replace("{field}", field)
			.replace("{expected}", String.valueOf(expected))
			.replace("{actual}", String.valueOf(actual));
	}

	/**
	 * A value as it may be echoed: a JSON tree becomes plain values; long strings, big lists and
	 * maps are cut or summarized; objects other than plain values are left out.
	 */
	static @Nullable Object bound(@Nullable Object value, int depth) {
		if (value instanceof JsonNode node) {
			return boundNode(node, depth);
		}
		if (value == null || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
			return boundString(value.toString());
		}
		if (value instanceof Collection<?> collection) {
			return boundList(collection, collection.size(), depth);
		}
		if (value.getClass().isArray()) {
			int length = Array.getLength(value);
			List<Object> items = new ArrayList<>(Math.min(length, MAX_ITEMS));
			for (int i = 0; i < length && i < MAX_ITEMS; i++) {
				items.add(Array.get(value, i));
			}
			return boundList(items, length, depth);
		}
		if (value instanceof Map<?, ?> map) {
			if (map.size() > MAX_ITEMS || depth >= MAX_DEPTH) {
				return "{" + map.size() + " keys}";
			}
			Map<String, Object> bounded = new LinkedHashMap<>();
			map.forEach((key, item) -> bounded.put(boundString(String.valueOf(key)), bound(item, depth + 1)));
			return bounded;
		}
		return null;
	}

	private static @Nullable Object boundNode(JsonNode node, int depth) {
		if (node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (node.isString()) {
			return boundString(node.asString());
		}
		if (node.isNumber()) {
			return node.numberValue();
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isArray()) {
			if (node.size() > MAX_ITEMS || depth >= MAX_DEPTH) {
				return "[" + node.size() + " items]";
			}
			List<Object> items = new ArrayList<>();
			for (JsonNode item : node.values()) {
				items.add(boundNode(item, depth + 1));
			}
			return items;
		}
		if (node.isObject()) {
			if (node.size() > MAX_ITEMS || depth >= MAX_DEPTH) {
				return "{" + node.size() + " keys}";
			}
			Map<String, Object> bounded = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				bounded.put(boundString(entry.getKey()), boundNode(entry.getValue(), depth + 1));
			}
			return bounded;
		}
		return null;
	}

	private static Object boundList(Collection<?> items, int size, int depth) {
		if (size > MAX_ITEMS || depth >= MAX_DEPTH) {
			return "[" + size + " items]";
		}
		List<Object> bounded = new ArrayList<>(items.size());
		for (Object item : items) {
			bounded.add(bound(item, depth + 1));
		}
		return bounded;
	}

	private static String boundString(String text) {
		if (text.length() <= MAX_STRING) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(MAX_STRING - 1)) ? MAX_STRING - 1 : MAX_STRING;
		return text.substring(0, end) + "…";
	}

}
