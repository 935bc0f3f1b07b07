package io.github.moleculerspring.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An action descriptor as published in INFO: the action schema without functions. The inner
 * {@code name} is what receivers index, so it is always present in {@link #descriptor()}.
 * @param name the full action name
 * @param descriptor every published property ({@code name, rawName, params, visibility, timeout...})
 */
public record ActionInfo(String name, Map<String, Object> descriptor) {

	/** The {@code visibility} property, {@code "published"} when absent. */
	public String visibility() {
		Object visibility = this.descriptor.get("visibility");
		return (visibility instanceof String s) ? s : "published";
	}

	/** The action-level timeout in milliseconds, {@code 0} when absent. */
	public double timeout() {
		Object timeout = this.descriptor.get("timeout");
		return (timeout instanceof Number n && n.doubleValue() > 0) ? n.doubleValue() : 0;
	}

	/** A string property of the descriptor, or {@code null}. */
	public @Nullable String stringProperty(String key) {
		Object value = this.descriptor.get(key);
		return (value instanceof String s) ? s : null;
	}

}
