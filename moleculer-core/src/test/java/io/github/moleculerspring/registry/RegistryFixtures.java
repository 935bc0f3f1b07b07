package io.github.moleculerspring.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.protocol.ActionInfo;
import io.github.moleculerspring.protocol.EventInfo;
import io.github.moleculerspring.protocol.InfoPacket;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.strategy.RoundRobinStrategy;
import io.github.moleculerspring.strategy.Strategy;
import org.jspecify.annotations.Nullable;

/**
 * What the registry's unit tests share: a wiring that counts what it wires, a listener that records
 * what it hears, and builders of the descriptors a remote INFO carries.
 */
final class RegistryFixtures {

	private RegistryFixtures() {
	}

	/** Wires every endpoint to an invoker that answers {@code null}, counting the wirings. */
	static final class CountingWiring implements Registry.Wiring {

		final AtomicInteger localActions = new AtomicInteger();

		final AtomicInteger remoteActions = new AtomicInteger();

		final AtomicInteger localEvents = new AtomicInteger();

		final AtomicInteger strategies = new AtomicInteger();

		@Override
		public ActionInvoker localAction(ActionEndpoint endpoint) {
			this.localActions.incrementAndGet();
			return (ctx) -> CompletableFuture.completedFuture(null);
		}

		@Override
		public ActionInvoker remoteAction(ActionEndpoint endpoint) {
			this.remoteActions.incrementAndGet();
			return (ctx) -> CompletableFuture.completedFuture(null);
		}

		@Override
		public EventInvoker localEvent(EventEndpoint endpoint) {
			this.localEvents.incrementAndGet();
			return (ctx) -> CompletableFuture.completedFuture(null);
		}

		@Override
		public @Nullable ActionInvoker balancedAction(ActionEndpoint endpoint) {
			return null;
		}

		@Override
		public Strategy strategy(String name, Map<String, Object> descriptor) {
			this.strategies.incrementAndGet();
			return new RoundRobinStrategy();
		}

	}

	/** Records every notification as a line, such as {@code "connected n1 false"}. */
	static final class RecordingListener implements Registry.Listener {

		final List<String> heard = new ArrayList<>();

		@Override
		public void nodeConnected(Node node, boolean reconnected) {
			this.heard.add("connected " + node.id() + " " + reconnected);
		}

		@Override
		public void nodeUpdated(Node node) {
			this.heard.add("updated " + node.id());
		}

		@Override
		public void nodeDisconnected(Node node, boolean unexpected) {
			this.heard.add("disconnected " + node.id() + " " + unexpected);
		}

		@Override
		public void servicesChanged(boolean local) {
			this.heard.add("services " + (local ? "local" : "remote"));
		}

	}

	/**
	 * A remote action descriptor, as a Moleculer node publishes it.
	 * @param name the full action name
	 * @param properties extra properties ({@code visibility}, {@code timeout}...)
	 * @return the descriptor
	 */
	static ActionInfo action(String name, Object... properties) {
		Map<String, Object> descriptor = new LinkedHashMap<>();
		descriptor.put("rawName", name.substring(name.lastIndexOf('.') + 1));
		descriptor.put("name", name);
		for (int i = 0; i < properties.length; i += 2) {
			descriptor.put((String) properties[i], properties[i + 1]);
		}
		return new ActionInfo(name, descriptor);
	}

	/**
	 * A remote event subscription descriptor.
	 * @param name the event name or pattern
	 * @param group the group, or {@code null} for the service's
	 * @return the descriptor
	 */
	static EventInfo event(String name, @Nullable String group) {
		Map<String, Object> descriptor = new LinkedHashMap<>();
		if (group != null) {
			descriptor.put("group", group);
		}
		descriptor.put("name", name);
		return new EventInfo(name, group, descriptor);
	}

	/**
	 * A remote service descriptor without version, settings or metadata.
	 * @param name the service name
	 * @param actions its actions
	 * @param events its subscriptions
	 * @return the descriptor
	 */
	static ServiceInfo service(String name, List<ActionInfo> actions, List<EventInfo> events) {
		Map<String, ActionInfo> actionMap = new LinkedHashMap<>();
		for (ActionInfo action : actions) {
			actionMap.put(action.name(), action);
		}
		Map<String, EventInfo> eventMap = new LinkedHashMap<>();
		for (EventInfo event : events) {
			eventMap.put(event.name(), event);
		}
		return new ServiceInfo(name, null, name, Map.of(), Map.of(), actionMap, eventMap);
	}

	/**
	 * An INFO packet from a remote node.
	 * @param sender the node ID
	 * @param seq its service-list revision
	 * @param instanceID its instance ID
	 * @param services its services
	 * @return the packet
	 */
	static InfoPacket info(String sender, long seq, String instanceID, ServiceInfo... services) {
		return new InfoPacket(List.of(services), List.of("10.0.0.1"), sender + "-host", Map.of("type", "nodejs"),
				Map.of(), instanceID, Map.of(), seq, "5", sender);
	}

}
