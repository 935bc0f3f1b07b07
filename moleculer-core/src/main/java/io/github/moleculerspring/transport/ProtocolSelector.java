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
 * {@code auto} starts with version 5 and <em>prefers 4</em>: the first packet of version 4 from
 * another node switches it to 4 for good (the caller then re-announces the node: INFO and DISCOVER
 * in version 4); packets of version 5 never lock it. The rule is the same on every {@code auto}
 * node and does not depend on who is heard first, so any number of {@code auto} nodes converge
 * whatever the start order:
 * <ul>
 * <li>an {@code auto} node speaks 4 only when some node that is not {@code auto} (a Moleculer.js
 * 0.14 node, or a node pinned to 4) speaks 4, directly or through an {@code auto} node that switched
 * because of it: {@code auto} nodes on their own, and with Moleculer.js 0.15 nodes, stay on 5;</li>
 * <li>with a Moleculer.js 0.14 node on the bus, every {@code auto} node hears version 4 at the
 * latest with its next HEARTBEAT (0.14 nodes drop version 5, so they cannot be waited for to answer
 * a version 5 DISCOVER), and each switching node's re-announcement switches the others at once;</li>
 * <li>an {@code auto} node that has switched answers a version 5 DISCOVER (a newcomer still on 5)
 * with its INFO in version 4, so an {@code auto} newcomer switches without waiting for a
 * heartbeat (a newcomer that is not {@code auto} drops that INFO; Moleculer.js logs one version
 * mismatch). Nothing else of version 5 is accepted after the switch: a node that cannot read this
 * node's packets must not be registered as callable.</li>
 * </ul>
 * A cluster that mixes 0.14 and 0.15 nodes cannot be one cluster (they drop each other's packets);
 * {@code auto} then joins the 0.14 side and warns about the others. After switching to 4 a node
 * stays on 4 until it restarts (an upgrade of a 0.14 cluster to 0.15 needs a restart of the
 * {@code auto} nodes, or {@code protocol-version: 5}).
 */
final class ProtocolSelector {

	private static final Logger logger = LoggerFactory.getLogger(ProtocolSelector.class);

	enum Decision {

		/** The packet has this node's version. */
		ACCEPT,

		/** The packet must be dropped. */
		REJECT,

		/** {@code auto} just switched to the packet's version; accept it and re-announce. */
		SWITCHED,

		/**
		 * A DISCOVER of the other version reached an {@code auto} node that has switched: drop it, but
		 * answer the sender with this node's INFO in this node's version.
		 */
		ANSWER

	}

	private final boolean auto;

	private volatile ProtocolVersion current;

	private volatile @Nullable String switchedBy;

	private volatile boolean mismatchReported;

	ProtocolSelector(@Nullable ProtocolVersion fixed) {
		this.auto = (fixed == null);
		this.current = (fixed != null) ? fixed : ProtocolVersion.V5;
	}

	ProtocolVersion current() {
		return this.current;
	}

	boolean isAuto() {
		return this.auto;
	}

	/** The node whose version 4 packet made {@code auto} switch, or {@code null}. */
	@Nullable String switchedBy() {
		return this.switchedBy;
	}

	/**
	 * Decides about one packet.
	 * @param type the packet type
	 * @param version the packet's version, {@code null} when it is not one this broker speaks
	 * @param ver the packet's {@code ver} as sent
	 * @param sender the sending node
	 * @param self this node
	 * @return the decision
	 */
	Decision onPacket(PacketType type, @Nullable ProtocolVersion version, String ver, String sender, String self) {
		if (version != null && version == this.current) {
			return Decision.ACCEPT;
		}
		boolean fromPeer = !sender.equals(self);
		if (!fromPeer) {
			// An echo of this node's own packet sent before a switch.
			return Decision.REJECT;
		}
		if (this.auto && version == ProtocolVersion.V4) {
			synchronized (this) {
				if (this.current == ProtocolVersion.V5) {
					this.current = ProtocolVersion.V4;
					this.switchedBy = sender;
					return Decision.SWITCHED;
				}
			}
			return Decision.ACCEPT;
		}
		if (this.auto && version == ProtocolVersion.V5 && type == PacketType.DISCOVER) {
			return Decision.ANSWER;
		}
		if (!this.mismatchReported) {
			this.mismatchReported = true;
			if (this.auto) {
				logger.warn("Node '{}' speaks protocol version {} but this node speaks {} (protocol 'auto' switched to 4 "
						+ "because node '{}' speaks 4): their packets are dropped and they cannot see each other. "
						+ "Moleculer 0.14 and 0.15 nodes cannot form one cluster.", sender, ver, this.current.value(),
						this.switchedBy);
			}
			else {
				logger.warn("Node '{}' speaks protocol version {} but this node speaks {}: their packets are dropped and "
						+ "they cannot see each other. Run one protocol version per cluster "
						+ "(moleculer.protocol-version).", sender, ver, this.current.value());
			}
		}
		return Decision.REJECT;
	}

}
