package io.github.moleculerspring.transport;

import io.github.moleculerspring.protocol.PacketType;
import io.github.moleculerspring.protocol.ProtocolVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which protocol version this node speaks and which packets it accepts.
 *
 * <p>
 * A fixed version accepts only itself, as Moleculer.js does (its {@code transit.messageHandler}
 * drops every packet whose {@code ver} differs from its own, 0.14 and 0.15 alike).
 *
 * <p>
 * {@code auto} starts <em>undecided</em> on version 5 and says so in its INFO
 * ({@code config.protocolVersion: "auto"}, a field Moleculer.js stores and never reads). It locks
 * on to the version of the first <em>decided</em> node whose INFO it receives: a Moleculer.js
 * node, a node pinned to a version, or an {@code auto} node that has locked (its INFO no longer
 * carries the marker). Undecided {@code auto} nodes never lock on to each other, so the order in
 * which Java nodes start does not matter:
 * <ul>
 * <li>an INFO of its own version from a decided node locks it on that version;</li>
 * <li>an INFO of the other version from a decided node switches it to that version and locks it
 * (the caller then re-announces the node: INFO and DISCOVER in the new version);</li>
 * <li>any other packet of the other version (a 0.14 node's DISCOVER or HEARTBEAT, which cannot be
 * classified) is dropped, and the caller asks its sender for its INFO with a DISCOVER in the
 * packet's version. This node does not announce itself in a version it does not speak, so no node
 * registers it before it can read that node's requests;</li>
 * <li>once locked, a DISCOVER of the other version (an undecided newcomer still on 5) is answered
 * with this node's INFO in its own version, so an {@code auto} newcomer locks at once instead of
 * waiting for a heartbeat (a node that is not {@code auto} drops that INFO; Moleculer.js logs one
 * version mismatch); every other packet of the other version is dropped.</li>
 * </ul>
 * A node never changes its version after locking: in a bus that mixes versions (a stray node
 * pinned to the other version, a half-upgraded cluster) it stays with the cluster it joined first
 * and warns about the others. Moleculer 0.14 and 0.15 nodes cannot form one cluster anyway (they
 * drop each other's packets).
 */
final class ProtocolSelector {

	private static final Logger logger = LoggerFactory.getLogger(ProtocolSelector.class);

	/** The INFO {@code config} key whose value {@code "auto"} marks an undecided {@code auto} node. */
	static final String MARKER_KEY = "protocolVersion";

	/** The marker's value. */
	static final String MARKER_VALUE = "auto";

	enum Decision {

		/** The packet has this node's version. */
		ACCEPT,

		/** The packet must be dropped. */
		REJECT,

		/** {@code auto} just switched to the packet's version; accept it and re-announce. */
		SWITCHED,

		/**
		 * Undecided {@code auto} and a packet of the other version: drop it and ask its sender for its
		 * INFO in the packet's version.
		 */
		PROBE,

		/**
		 * A DISCOVER of the other version reached a locked {@code auto} node: drop it, but answer the
		 * sender with this node's INFO in this node's version.
		 */
		ANSWER

	}

	private final boolean auto;

	private volatile ProtocolVersion current;

	private volatile boolean locked;

	private volatile @Nullable String lockedBy;

	private volatile boolean mismatchReported;

	ProtocolSelector(@Nullable ProtocolVersion fixed) {
		this.auto = (fixed == null);
		this.current = (fixed != null) ? fixed : ProtocolVersion.V5;
		this.locked = !this.auto;
	}

	ProtocolVersion current() {
		return this.current;
	}

	boolean isAuto() {
		return this.auto;
	}

	/** Whether the version is settled: a fixed version, or {@code auto} after locking. */
	boolean isLocked() {
		return this.locked;
	}

	/** The node whose INFO made {@code auto} lock, or {@code null}. */
	@Nullable String lockedBy() {
		return this.lockedBy;
	}

	/**
	 * Decides about one packet.
	 * @param type the packet type
	 * @param version the packet's version, {@code null} when it is not one this broker speaks
	 * @param ver the packet's {@code ver} as sent
	 * @param sender the sending node
	 * @param self this node
	 * @param undecidedPeer whether the packet is an INFO carrying the undecided-{@code auto} marker
	 * @return the decision
	 */
	Decision onPacket(PacketType type, @Nullable ProtocolVersion version, String ver, String sender, String self,
			boolean undecidedPeer) {
		boolean fromPeer = !sender.equals(self);
		if (!fromPeer) {
			// This node's own packets; one of the other version is an echo from before a switch.
			return (version == this.current) ? Decision.ACCEPT : Decision.REJECT;
		}
		boolean decidedInfo = (type == PacketType.INFO && !undecidedPeer);
		if (version != null && version == this.current) {
			if (!this.locked && decidedInfo) {
				lock(version, sender);
			}
			return (version == this.current) ? Decision.ACCEPT : Decision.REJECT;
		}
		if (this.auto && version != null) {
			if (!this.locked) {
				if (decidedInfo) {
					synchronized (this) {
						if (!this.locked) {
							this.current = version;
							this.locked = true;
							this.lockedBy = sender;
							return Decision.SWITCHED;
						}
					}
					return (version == this.current) ? Decision.ACCEPT : Decision.REJECT;
				}
				return Decision.PROBE;
			}
			if (type == PacketType.DISCOVER) {
				return Decision.ANSWER;
			}
		}
		if (!this.mismatchReported) {
			this.mismatchReported = true;
			if (this.auto) {
				logger.warn("Node '{}' speaks protocol version {} but this node speaks {} (protocol 'auto' locked on to "
						+ "it with node '{}'): their packets are dropped and they cannot see each other. Moleculer 0.14 and "
						+ "0.15 nodes cannot form one cluster.", sender, ver, this.current.value(), this.lockedBy);
			}
			else {
				logger.warn("Node '{}' speaks protocol version {} but this node speaks {}: their packets are dropped and "
						+ "they cannot see each other. Run one protocol version per cluster "
						+ "(moleculer.protocol-version).", sender, ver, this.current.value());
			}
		}
		return Decision.REJECT;
	}

	private synchronized void lock(ProtocolVersion version, String sender) {
		if (!this.locked && this.current == version) {
			this.locked = true;
			this.lockedBy = sender;
			logger.info("Protocol 'auto': locked on to version {} (node '{}')", version.value(), sender);
		}
	}

}
