package io.github.moleculerspring.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The parameters of a call are invalid. 422, type {@code VALIDATION_ERROR}, and {@code data} is the
 * list of violations in fastest-validator's shape ({@code [{type, field, message, actual?,
 * expected?, nodeID?, action?}]}), so Moleculer.js callers and moleculer-web read it as their own.
 */
public class ValidationError extends MoleculerClientError {

	private static final long serialVersionUID = 1L;

	public ValidationError(String message, @Nullable String type, @Nullable Object data) {
		super(null, message, 422, (type != null) ? type : "VALIDATION_ERROR", data);
	}

	/**
	 * Creates the error for a list of field violations.
	 * @param message the message, for example {@code "Parameters validation error!"}
	 * @param violations the violations
	 * @return the error
	 */
	public static ValidationError of(String message, List<Violation> violations) {
		List<Map<String, Object>> data = new ArrayList<>(violations.size());
		for (Violation violation : violations) {
			data.add(violation.toMap());
		}
		return new ValidationError(message, "VALIDATION_ERROR", data);
	}

	/** The violations carried in {@code data}, when it has the standard list shape. */
	public List<Violation> getViolations() {
		List<Violation> result = new ArrayList<>();
		if (getData() instanceof List<?> list) {
			for (Object item : list) {
				if (item instanceof Map<?, ?> map) {
					result.add(Violation.fromMap(map));
				}
			}
		}
		return result;
	}

	/**
	 * One failed constraint on one field.
	 * @param type the rule that failed ({@code required}, {@code number}, {@code stringMin}...)
	 * @param field the field path ({@code address.zip})
	 * @param message a human-readable message
	 * @param actual the value received, if useful
	 * @param expected the value expected, if useful
	 * @param nodeID the caller's node, as fastest-validator reports it
	 * @param action the action that validated
	 */
	public record Violation(String type, String field, String message, @Nullable Object actual,
			@Nullable Object expected, @Nullable String nodeID, @Nullable String action) {

		public Violation(String type, String field, String message) {
			this(type, field, message, null, null, null, null);
		}

		/** A copy that names the action and the calling node. */
		public Violation withOrigin(@Nullable String nodeID, @Nullable String action) {
			return new Violation(this.type, this.field, this.message, this.actual, this.expected, nodeID, action);
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("type", this.type);
			map.put("message", this.message);
			map.put("field", this.field);
			if (this.actual != null) {
				map.put("actual", this.actual);
			}
			if (this.expected != null) {
				map.put("expected", this.expected);
			}
			if (this.nodeID != null) {
				map.put("nodeID", this.nodeID);
			}
			if (this.action != null) {
				map.put("action", this.action);
			}
			return map;
		}

		static Violation fromMap(Map<?, ?> map) {
			return new Violation(str(map.get("type")), str(map.get("field")), str(map.get("message")),
					map.get("actual"), map.get("expected"), strOrNull(map.get("nodeID")),
					strOrNull(map.get("action")));
		}

		private static String str(@Nullable Object value) {
			return (value != null) ? String.valueOf(value) : "";
		}

		private static @Nullable String strOrNull(@Nullable Object value) {
			return (value != null) ? String.valueOf(value) : null;
		}

	}

}
