package io.github.moleculerspring.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.Test;

import static io.github.moleculerspring.registry.RegistryFixtures.action;
import static io.github.moleculerspring.registry.RegistryFixtures.event;
import static io.github.moleculerspring.registry.RegistryFixtures.info;
import static io.github.moleculerspring.registry.RegistryFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry as the coordinator of its catalogs: one change reaches nodes, services, actions and
 * events together, and the listener hears of it after the change.
 */
class RegistryTests {

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final RegistryFixtures.RecordingListener listener = new RegistryFixtures.RecordingListener();

	private final RegistryFixtures.CountingWiring wiring = new RegistryFixtures.CountingWiring();

	private final Registry registry = new Registry("me", true, this.listener, this.wiring, this.clock::get);

	@Test
	void anInfoWithANewSeqReplacesTheServicesAndRemovesTheDroppedActions() {
		assertThat(this.registry.processNodeInfo(info("n1", 1, "i-1",
				service("math", List.of(action("math.add"), action("math.sub")), List.of(event("user.created", null))),
				service("users", List.of(action("users.get")), List.of()))))
			.isEqualTo(Registry.InfoOutcome.CONNECTED);
		ActionEndpoint add = this.registry.getActionEndpoint("math.add", "n1");
		assertThat(this.registry.services()).extracting(ServiceItem::fullName).containsExactly("math", "users");
		assertThat(this.registry.actions()).containsOnlyKeys("math.add", "math.sub", "users.get");

		assertThat(this.registry.processNodeInfo(
				info("n1", 2, "i-1", service("math", List.of(action("math.add")), List.of()))))
			.isEqualTo(Registry.InfoOutcome.UPDATED);

		assertThat(this.registry.services()).extracting(ServiceItem::fullName).containsExactly("math");
		assertThat(this.registry.actions()).containsOnlyKeys("math.add");
		assertThat(this.registry.getActionEndpoint("math.add", "n1")).as("unchanged, so kept").isSameAs(add);
		assertThat(this.registry.getActionEndpoints("users.get")).isNull();
		assertThat(this.registry.eventLists()).isEmpty();
		assertThat(this.registry.getNode("n1").seq()).isEqualTo(2);
		assertThat(this.listener.heard).containsExactly("connected n1 false", "services remote", "updated n1",
				"services remote");
	}

	@Test
	void anInfoWithTheSameSeqOnlyUpdatesTheNode() {
		this.registry.processNodeInfo(info("n1", 1, "i-1", service("math", List.of(action("math.add")), List.of())));

		this.registry.processNodeInfo(info("n1", 1, "i-1"));

		assertThat(this.registry.actions()).containsOnlyKeys("math.add");
		assertThat(this.registry.services()).hasSize(1);
		assertThat(this.listener.heard).containsExactly("connected n1 false", "services remote", "updated n1");
	}

	@Test
	void aDisconnectedNodeLosesItsEndpointsAndAReconnectBringsThemBack() {
		this.registry.processNodeInfo(info("n1", 1, "i-1",
				service("math", List.of(action("math.add")), List.of(event("user.created", null)))));

		assertThat(this.registry.nodeDisconnected("n1", true)).isTrue();
		assertThat(this.registry.nodeDisconnected("n1", true)).as("already offline").isFalse();

		assertThat(this.registry.getNode("n1").isAvailable()).isFalse();
		assertThat(this.registry.actions()).isEmpty();
		assertThat(this.registry.eventLists()).isEmpty();
		assertThat(this.registry.services()).isEmpty();

		assertThat(this.registry.processNodeInfo(info("n1", 1, "i-1",
				service("math", List.of(action("math.add")), List.of(event("user.created", null))))))
			.isEqualTo(Registry.InfoOutcome.RECONNECTED);
		assertThat(this.registry.getActionEndpoint("math.add", "n1")).isNotNull();
		assertThat(this.registry.eventGroups("user.created")).containsExactly("math");
		assertThat(this.listener.heard).containsExactly("connected n1 false", "services remote",
				"disconnected n1 true", "services remote", "connected n1 true", "services remote");
	}

	@Test
	void anExpiredNodeIsDisconnectedThenForgotten() {
		this.registry.processNodeInfo(info("n1", 1, "i-1", service("math", List.of(action("math.add")), List.of())));
		this.clock.addAndGet(10_001);

		assertThat(this.registry.expiredNodes(10_000)).extracting(Node::id).containsExactly("n1");
		this.registry.nodeDisconnected("n1", true);
		this.clock.addAndGet(60_000);
		assertThat(this.registry.removeOfflineNodes(60_000)).extracting(Node::id).containsExactly("n1");

		assertThat(this.registry.getNode("n1")).isNull();
		assertThat(this.registry.nodes()).containsExactly(this.registry.localNode());
		assertThat(this.registry.processNodeInfo(
				info("n1", 1, "i-1", service("math", List.of(action("math.add")), List.of()))))
			.isEqualTo(Registry.InfoOutcome.CONNECTED);
		assertThat(this.registry.getActionEndpoint("math.add", "n1")).isNotNull();
	}

	@Test
	void aLocalServiceIsRegisteredInEveryCatalogAndUnregisteredFromThem() {
		ServiceDefinition definition = ServiceDefinition.builder("greeter")
			.action("hello", (ctx) -> "hi")
			.event("user.created", (ctx) -> null)
			.build();

		this.registry.registerLocalService(definition);

		assertThat(this.registry.localSeq()).isEqualTo(1);
		assertThat(this.registry.localServiceDefinitions()).containsExactly(definition);
		assertThat(this.registry.localServiceInfos()).extracting((info) -> info.fullName()).containsExactly("greeter");
		assertThat(this.registry.getLocalActionEndpoint("greeter.hello")).isNotNull();
		assertThat(this.registry.localEventEndpoints("user.created", null, true, null)).hasSize(1);
		this.registry.updateLocalNode("i-me", Map.of(), Map.of(), null, null, "5");
		assertThat(this.registry.localNode().services()).hasSize(1);
		assertThat(this.registry.localNode().seq()).isEqualTo(1);

		assertThat(this.registry.unregisterLocalService("greeter")).isTrue();
		assertThat(this.registry.unregisterLocalService("greeter")).isFalse();

		assertThat(this.registry.localSeq()).isEqualTo(2);
		assertThat(this.registry.services()).isEmpty();
		assertThat(this.registry.actions()).isEmpty();
		assertThat(this.registry.eventLists()).isEmpty();
		assertThat(this.listener.heard).containsExactly("services local", "services local");
	}

	@Test
	void aLocalServiceOrActionIsRegisteredOnlyOnce() {
		this.registry.registerLocalService(ServiceDefinition.builder("greeter").action("hello", (ctx) -> "hi").build());

		assertThatThrownBy(() -> this.registry
			.registerLocalService(ServiceDefinition.builder("greeter").action("bye", (ctx) -> "bye").build()))
			.isInstanceOf(ServiceSchemaError.class)
			.hasMessage("Service 'greeter' is already registered.");
		// "a" + "b.c" and "a.b" + "c" are two services with one action name: "a.b.c".
		this.registry.registerLocalService(ServiceDefinition.builder("a").action("b.c", (ctx) -> 1).build());
		assertThatThrownBy(() -> this.registry
			.registerLocalService(ServiceDefinition.builder("a.b").action("c", (ctx) -> 2).build()))
			.isInstanceOf(ServiceSchemaError.class)
			.hasMessage("Action 'a.b.c' is already registered locally.");

		assertThat(this.registry.localSeq()).isEqualTo(2);
		assertThat(this.registry.services()).extracting(ServiceItem::fullName).containsExactly("greeter", "a");
		assertThat(this.registry.actions()).containsOnlyKeys("greeter.hello", "a.b.c");
		assertThat(this.wiring.localActions).as("nothing wired for a rejected service").hasValue(2);
	}

	@Test
	void localAndRemoteEndpointsShareOneListAndPreferLocalPicksTheLocalOne() {
		this.registry.registerLocalService(ServiceDefinition.builder("math").action("add", (ctx) -> 3).build());
		this.registry.processNodeInfo(info("n1", 1, "i-1", service("math", List.of(action("math.add")), List.of())));

		assertThat(this.registry.isPreferLocal()).isTrue();
		assertThat(this.registry.getActionEndpoints("math.add").count()).isEqualTo(2);
		assertThat(this.registry.getActionEndpoints("math.add").next(null, this.registry.isPreferLocal()).nodeID())
			.isEqualTo("me");
		assertThat(this.registry.balancedEventEndpoints("none", null, null)).isEmpty();
	}

}
