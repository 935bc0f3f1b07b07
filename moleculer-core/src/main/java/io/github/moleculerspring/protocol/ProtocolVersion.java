package io.github.moleculerspring.protocol;

import org.jspecify.annotations.Nullable;

/** The Moleculer protocol versions this broker speaks: 4 (Moleculer 0.14) and 5 (Moleculer 0.15). */
public enum ProtocolVersion {

	/** Protocol 4, spoken by Moleculer 0.14: no {@code headers} in REQUEST, RESPONSE and EVENT. */
	V4("4"),

	/** Protocol 5, spoken by Moleculer 0.15. */
	V5("5");

	private final String value;

	ProtocolVersion(String value) {
		this.value = value;
	}

	/** The {@code ver} string on the wire. */
	public String value() {
		return this.value;
	}

	/** Whether packets of this version carry {@code headers}. */
	public boolean hasHeaders() {
		return this == V5;
	}

	/**
	 * Returns the version for a {@code ver} string.
	 * @param ver the wire value
	 * @return the version, or {@code null} when this broker does not speak it
	 */
	public static @Nullable ProtocolVersion of(@Nullable String ver) {
		if ("5".equals(ver)) {
			return V5;
		}
		if ("4".equals(ver)) {
			return V4;
		}
		return null;
	}

}
