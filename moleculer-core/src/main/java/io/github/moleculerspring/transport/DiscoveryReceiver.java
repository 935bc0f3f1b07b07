package io.github.moleculerspring.transport;

import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.protocol.DisconnectPacket;
import io.github.moleculerspring.protocol.HeartbeatPacket;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the discovery packets of other nodes to the {@link Registry}, as Moleculer's transit
 * does: an INFO (a node that restarted, with a new instance ID, first has the requests pending on
 * its old instance rejected), a HEARTBEAT (a node not known yet is asked for its INFO) and a
 * DISCONNECT. The registry tells the broker what changed through its listener.
 */
final class DiscoveryReceiver {

	private static final Logger logger = LoggerFactory.getLogger(Transit.class);

	private final Registry registry;

	private final PendingRequests pending;

	private final NodeAnnouncer announcer;

	DiscoveryReceiver(Registry registry, PendingRequests pending, NodeAnnouncer announcer) {
		this.registry = registry;
		this.pending = pending;
		this.announcer = announcer;
	}

	void onInfo(InfoPacket packet) {
		Node known = this.registry.getNode(packet.sender());
		if (known != null && known.isAvailable() && known.instanceID() != null && packet.instanceID() != null
				&& !known.instanceID().equals(packet.instanceID())) {
			int rejected = this.pending.rejectByNode(packet.sender(),
					(request) -> new RequestRejectedError(request.action(), packet.sender()));
			logger.info("Node '{}' restarted (new instance){}.", packet.sender(),
					(rejected > 0) ? "; " + rejected + " pending request(s) to the old instance rejected" : "");
		}
		this.registry.processNodeInfo(packet);
	}

	void onHeartbeat(HeartbeatPacket packet) {
		if (this.registry.heartbeat(packet.sender(), packet.cpu(), packet.seq(), packet.instanceID())) {
			this.announcer.discover(packet.sender());
		}
	}

	void onDisconnect(DisconnectPacket packet) {
		this.registry.nodeDisconnected(packet.sender(), false);
	}

}
