package io.github.moleculerspring.transport;

import io.github.moleculerspring.protocol.ProtocolVersion;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which protocol version this node speaks and which packets it accepts. A fixed version
 * accepts only itself. {@code auto} starts with version 5 and locks on to the version of the first
 * peer it hears (the caller then re-announces the node in that version); afterwards a peer of the
 * other version is reported once and its packets are dropped.
 */
final class ProtocolSelector {

	private static final Logger logger = LoggerFactory.getLogger(ProtocolSelector.class);

	enum Decision {

		/** The packet has this node's version. */
		ACCEPT,

		/** The packet must be dropped. */
		REJECT,

		/** {@code auto} just switched to the packet's version; accept it and re-announce. */
		SWITCHED

	}

	private final boolean auto;

	private volatile ProtocolVersion current;

	private volatile boolean locked;

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

	Decision onPacket(@Nullable ProtocolVersion version, String ver, String sender, String self) {
		boolean fromPeer = !sender.equals(self);
		if (version != null && version == this.current) {
			if (!this.locked && fromPeer) {
				this.locked = true;
			}
			return Decision.ACCEPT;
		}
		if (version != null && !this.locked && fromPeer) {
			synchronized (this) {
				if (!this.locked) {
					this.current = version;
					this.locked = true;
					return Decision.SWITCHED;
				}
			}
			return (version == this.current) ? Decision.ACCEPT : Decision.REJECT;
		}
		if (fromPeer && !this.mismatchReported) {
			this.mismatchReported = true;
			logger.warn("Node '{}' speaks protocol version {} but this node speaks {}: their packets are dropped and "
					+ "they cannot see each other. Run one protocol version per cluster (moleculer.protocol-version).",
					sender, ver, this.current.value());
		}
		return Decision.REJECT;
	}

}
