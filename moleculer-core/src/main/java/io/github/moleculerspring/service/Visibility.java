package io.github.moleculerspring.service;

import org.jspecify.annotations.Nullable;

/** Who may call an action, with Moleculer's meaning. */
public enum Visibility {

	/** Callable locally and remotely, and published to API gateways. The default. */
	PUBLISHED("published"),

	/** Callable locally and remotely, but not published to API gateways. */
	PUBLIC("public"),

	/** Callable only from services of the same node; listed in INFO but not registered remotely. */
	PROTECTED("protected"),

	/** Callable only from its own service; never published. */
	PRIVATE("private");

	private final String value;

	Visibility(String value) {
		this.value = value;
	}

	/** The wire value ({@code "published"}, {@code "public"}...). */
	public String value() {
		return this.value;
	}

	/** Whether a remote node may call an action with this visibility. */
	public boolean isRemotelyCallable() {
		return this == PUBLISHED || this == PUBLIC;
	}

	/**
	 * Parses a wire value; absent means {@link #PUBLISHED}.
	 * @param value the value
	 * @return the visibility
	 */
	public static Visibility of(@Nullable String value) {
		if (value == null) {
			return PUBLISHED;
		}
		for (Visibility visibility : values()) {
			if (visibility.value.equals(value)) {
				return visibility;
			}
		}
		return PUBLISHED;
	}

}
