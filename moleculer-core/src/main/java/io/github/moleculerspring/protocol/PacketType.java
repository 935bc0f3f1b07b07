package io.github.moleculerspring.protocol;

import org.jspecify.annotations.Nullable;

/** The packet types of the Moleculer protocol, with the command token used in their subjects. */
public enum PacketType {

	DISCOVER("DISCOVER"), INFO("INFO"), HEARTBEAT("HEARTBEAT"), REQUEST("REQ"), RESPONSE("RES"), EVENT("EVENT"),
	PING("PING"), PONG("PONG"), DISCONNECT("DISCONNECT");

	private final String cmd;

	PacketType(String cmd) {
		this.cmd = cmd;
	}

	/** The command token in the subject ({@code REQ}, {@code INFO}...). */
	public String cmd() {
		return this.cmd;
	}

	/**
	 * Returns the packet type of a subject command token; the balanced tokens {@code REQB} and
	 * {@code EVENTB} map to {@link #REQUEST} and {@link #EVENT}.
	 * @param cmd the token
	 * @return the type, or {@code null} for an unknown token
	 */
	public static @Nullable PacketType ofCmd(String cmd) {
		return switch (cmd) {
			case "REQ", "REQB" -> REQUEST;
			case "RES" -> RESPONSE;
			case "EVENT", "EVENTB" -> EVENT;
			case "INFO" -> INFO;
			case "HEARTBEAT" -> HEARTBEAT;
			case "DISCOVER" -> DISCOVER;
			case "PING" -> PING;
			case "PONG" -> PONG;
			case "DISCONNECT" -> DISCONNECT;
			default -> null;
		};
	}

}
