package io.github.moleculerspring.broker;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.registry.Node;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.transport.Transit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reacts to registry changes: a node that joins, changes or leaves becomes a local
 * {@code $node.*} event, a node that leaves has its pending requests rejected, and a change of the
 * services becomes {@code $services.changed} and, for the local ones after start, a new INFO.
 */
final class RegistryEvents implements Registry.Listener {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final ServiceBroker broker;

	private final InfoAnnouncer info;

	RegistryEvents(ServiceBroker broker, InfoAnnouncer info) {
		this.broker = broker;
		this.info = info;
	}

	@Override
	public void nodeConnected(Node node, boolean reconnected) {
		logger.info("Node '{}' {}.", node.id(), reconnected ? "reconnected" : "connected");
		this.broker.broadcastLocal("$node.connected", nodeEventPayload(node, "reconnected", reconnected));
	}

	@Override
	public void nodeUpdated(Node node) {
		this.broker.broadcastLocal("$node.updated", Map.of("node", node.toMap(false)));
	}

	@Override
	public void nodeDisconnected(Node node, boolean unexpected) {
		Transit current = this.broker.transit();
		int rejected = (current != null) ? current.rejectPending(node.id(),
				(request) -> new RequestRejectedError(request.action(), node.id())) : 0;
		if (unexpected) {
			logger.warn("Node '{}' disconnected unexpectedly{}.", node.id(),
					(rejected > 0) ? "; " + rejected + " pending request(s) rejected" : "");
		}
		else {
			logger.info("Node '{}' disconnected{}.", node.id(),
					(rejected > 0) ? "; " + rejected + " pending request(s) rejected" : "");
		}
		this.broker.broadcastLocal("$node.disconnected", nodeEventPayload(node, "unexpected", unexpected));
	}

	@Override
	public void servicesChanged(boolean local) {
		this.broker.broadcastLocal("$services.changed", Map.of("localService", local));
		if (local && this.broker.isStarted()) {
			this.info.localServicesChanged();
		}
	}

	private static Map<String, Object> nodeEventPayload(Node node, String flag, boolean value) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("node", node.toMap(false));
		payload.put(flag, value);
		return payload;
	}

}
