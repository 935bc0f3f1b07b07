package io.github.moleculerspring.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Subject names of the Moleculer protocol: {@code MOL[-<namespace>].<CMD>[.<nodeID>]}, plus the
 * balanced subjects {@code <prefix>.REQB.<action>} and {@code <prefix>.EVENTB.<group>.<event>}.
 */
public final class Topics {

	private final String prefix;

	private final String prefixDot;

	/**
	 * Creates the subjects for a namespace.
	 * @param namespace the namespace, empty or {@code null} for none
	 */
	public Topics(@Nullable String namespace) {
		this.prefix = (namespace == null || namespace.isEmpty()) ? "MOL" : "MOL-" + namespace;
		this.prefixDot = this.prefix + ".";
	}

	/** {@code MOL} or {@code MOL-<namespace>}. */
	public String prefix() {
		return this.prefix;
	}

	/** The broadcast subject of a packet type: {@code <prefix>.<CMD>}. */
	public String broadcast(PacketType type) {
		return this.prefixDot + type.cmd();
	}

	/** The subject of a packet type targeted at one node: {@code <prefix>.<CMD>.<nodeID>}. */
	public String targeted(PacketType type, String nodeID) {
		return this.prefixDot + type.cmd() + "." + nodeID;
	}

	/** The balanced request subject of an action; the queue group is the action name. */
	public String balancedRequest(String action) {
		return this.prefixDot + "REQB." + action;
	}

	/**
	 * The balanced event subject of a group and an event; the queue group is the group name. A
	 * trailing {@code **} in the event name becomes the NATS tail wildcard {@code >}.
	 */
	public String balancedEvent(String group, String event) {
		String name = event.endsWith("**") ? event.substring(0, event.length() - 2) + ">" : event;
		return this.prefixDot + "EVENTB." + group + "." + name;
	}

	/**
	 * Returns the packet type a subject carries.
	 * @param subject a subject
	 * @return the type, or {@code null} when the subject is not one of this namespace's
	 */
	public @Nullable PacketType typeOf(String subject) {
		if (!subject.startsWith(this.prefixDot)) {
			return null;
		}
		int start = this.prefixDot.length();
		int end = subject.indexOf('.', start);
		return PacketType.ofCmd((end < 0) ? subject.substring(start) : subject.substring(start, end));
	}

}
