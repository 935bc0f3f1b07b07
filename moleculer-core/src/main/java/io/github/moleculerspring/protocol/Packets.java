package io.github.moleculerspring.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Constants shared by the packet model. */
public final class Packets {

	/**
	 * Marks a payload field ({@code params}, {@code data}) that was absent from a received packet, as
	 * opposed to an explicit {@code null}; the serializer leaves such a field out.
	 */
	public static final JsonNode ABSENT = MissingNode.getInstance();

	private Packets() {
	}

	/**
	 * Whether a payload value is absent.
	 * @param value the value
	 * @return whether it is {@link #ABSENT}
	 */
	public static boolean isAbsent(Object value) {
		return value == ABSENT;
	}

}
