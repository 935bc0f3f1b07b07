package io.github.moleculerspring.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Builds and reads the {@code data} maps of Moleculer's built-in errors. */
final class ErrorData {

	private ErrorData() {
	}

	/** A map of the given key/value pairs, leaving out {@code null} values. */
	static Map<String, Object> of(Object... keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keyValues.length; i += 2) {
			Object value = keyValues[i + 1];
			if (value != null) {
				map.put((String) keyValues[i], value);
			}
		}
		return Collections.unmodifiableMap(map);
	}

	static @Nullable String string(@Nullable Object data, String key) {
		if (data instanceof Map<?, ?> map) {
			Object value = map.get(key);
			return (value != null) ? String.valueOf(value) : null;
		}
		return null;
	}

	static @Nullable Object value(@Nullable Object data, String key) {
		return (data instanceof Map<?, ?> map) ? map.get(key) : null;
	}

}
