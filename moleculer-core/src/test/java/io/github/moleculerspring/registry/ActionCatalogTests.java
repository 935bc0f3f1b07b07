package io.github.moleculerspring.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import org.junit.jupiter.api.Test;

import static io.github.moleculerspring.registry.RegistryFixtures.action;
import static io.github.moleculerspring.registry.RegistryFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The action catalog on its own: local and private actions, remote actions registered from an INFO
 * and diffed against the next one, and the lookups the call path makes, prefer-local among them.
 */
class ActionCatalogTests {

	private final RegistryFixtures.CountingWiring wiring = new RegistryFixtures.CountingWiring();

	private final ActionCatalog actions = new ActionCatalog("me", this.wiring);

	private final Node local = new Node("me", true, 0);

	private final Node remote = new Node("n1", false, 0);

	private ServiceItem registerLocal(ServiceDefinition definition) {
		ServiceItem item = new ServiceItem(this.local, ServiceCatalog.describe(definition), definition);
		this.actions.addLocal(this.actions.wireLocal(item, definition));
		return item;
	}

	private Set<String> registerRemote(Node node, ServiceInfo... infos) {
		Set<String> registered = new HashSet<>();
		for (ServiceInfo info : infos) {
			this.actions.registerRemote(new ServiceItem(node, info, null), registered);
		}
		this.actions.retain(node.id(), registered);
		return registered;
	}

	@Test
	void aLocalActionIsWiredAndFoundByNameAndNode() {
		registerLocal(ServiceDefinition.builder("math").action("add", (ctx) -> 3).build());

		ActionEndpoint endpoint = this.actions.getLocal("math.add");
		assertThat(endpoint).isNotNull();
		assertThat(endpoint.isLocal()).isTrue();
		assertThat(endpoint.definition()).isNotNull();
		assertThat(endpoint.invoker()).isNotNull();
		assertThat(endpoint.descriptor()).containsEntry("name", "math.add").containsEntry("rawName", "add");
		assertThat(this.actions.get("math.add", "me")).isSameAs(endpoint);
		assertThat(this.actions.get("math.add").endpoints()).containsExactly(endpoint);
		assertThat(this.actions.map()).containsOnlyKeys("math.add");
		assertThat(this.actions.isLocal("math.add")).isTrue();
		assertThat(this.wiring.localActions).hasValue(1);
		assertThat(this.wiring.strategies).hasValue(1);
	}

	@Test
	void aPrivateActionIsKeptApartAndRemovedWithItsService() {
		ServiceItem item = registerLocal(ServiceDefinition.builder("vault")
			.action(ActionDefinition.builder("open").handler((ctx) -> 1).visibility(Visibility.PRIVATE).build())
			.action("peek", (ctx) -> 2)
			.build());

		assertThat(this.actions.getPrivate("vault.open")).isNotNull();
		assertThat(this.actions.get("vault.open")).as("never balanced").isNull();
		assertThat(this.actions.isLocal("vault.open")).isTrue();
		assertThat(this.actions.map()).containsOnlyKeys("vault.peek");

		this.actions.removeService(item);
		assertThat(this.actions.getPrivate("vault.open")).isNull();
		assertThat(this.actions.get("vault.peek")).isNull();
		assertThat(this.actions.isLocal("vault.peek")).isFalse();
		assertThat(this.actions.map()).isEmpty();
	}

	@Test
	void preferLocalPicksTheLocalEndpointWhileTheStrategyReachesEveryNode() {
		registerLocal(ServiceDefinition.builder("math").action("add", (ctx) -> 3).build());
		registerRemote(this.remote, service("math", List.of(action("math.add")), List.of()));

		EndpointList<ActionEndpoint> list = this.actions.get("math.add");
		assertThat(list.count()).isEqualTo(2);
		assertThat(list.hasLocal()).isTrue();
		for (int i = 0; i < 10; i++) {
			assertThat(list.next(null, true).nodeID()).isEqualTo("me");
		}
		Set<String> reached = new HashSet<>();
		for (int i = 0; i < 10; i++) {
			reached.add(list.next(null, false).nodeID());
		}
		assertThat(reached).containsExactlyInAnyOrder("me", "n1");

		this.actions.getLocal("math.add").setState(false);
		assertThat(list.next(null, true).nodeID()).as("the local endpoint is out of rotation").isEqualTo("n1");
	}

	@Test
	void aRemoteEndpointWhoseDescriptorDidNotChangeIsKeptAcrossInfos() {
		registerRemote(this.remote, service("math", List.of(action("math.add"), action("math.sub")), List.of()));
		ActionEndpoint add = this.actions.get("math.add", "n1");
		ActionEndpoint sub = this.actions.get("math.sub", "n1");
		assertThat(add.isLocal()).isFalse();
		assertThat(add.definition()).isNull();
		assertThat(this.wiring.remoteActions).hasValue(2);

		registerRemote(this.remote,
				service("math", List.of(action("math.add"), action("math.sub", "timeout", 100)), List.of()));

		assertThat(this.actions.get("math.add", "n1")).isSameAs(add);
		assertThat(this.actions.get("math.sub", "n1")).isNotSameAs(sub);
		assertThat(this.actions.get("math.sub", "n1").timeout()).isEqualTo(100);
		assertThat(this.actions.get("math.sub").count()).isEqualTo(1);
		assertThat(this.wiring.remoteActions).hasValue(3);
	}

	@Test
	void aNewInfoRemovesTheActionsTheNodeDropped() {
		registerRemote(this.remote, service("math", List.of(action("math.add"), action("math.sub")), List.of()),
				service("users", List.of(action("users.get")), List.of()));
		Node other = new Node("n2", false, 0);
		registerRemote(other, service("math", List.of(action("math.sub")), List.of()));

		registerRemote(this.remote, service("math", List.of(action("math.add")), List.of()));

		assertThat(this.actions.map()).containsOnlyKeys("math.add", "math.sub");
		assertThat(this.actions.get("math.sub").endpoints()).extracting(Endpoint::nodeID).containsExactly("n2");
		assertThat(this.actions.get("users.get")).isNull();

		registerRemote(this.remote);
		assertThat(this.actions.map()).containsOnlyKeys("math.sub");
	}

	@Test
	void onlyRemotelyCallableActionsOfARemoteNodeAreRegistered() {
		Set<String> registered = registerRemote(this.remote,
				service("math", List.of(action("math.add"), action("math.sub", "visibility", "public"),
						action("math.mul", "visibility", "protected"), action("math.div", "visibility", "private")),
						List.of()));

		assertThat(registered).containsExactlyInAnyOrder("math.add", "math.sub");
		assertThat(this.actions.map()).containsOnlyKeys("math.add", "math.sub");
		assertThat(this.actions.get("math.sub", "n1").visibility()).isEqualTo(Visibility.PUBLIC);
	}

	@Test
	void aForgottenNodeStartsFromNothing() {
		registerRemote(this.remote, service("math", List.of(action("math.add")), List.of()));
		registerRemote(this.remote);
		this.actions.forget("n1");

		registerRemote(this.remote, service("math", List.of(action("math.add")), List.of()));
		assertThat(this.actions.get("math.add", "n1")).isNotNull();
	}

	@Test
	void theDescriptorCarriesParamsTimeoutVisibilityAndNames() {
		ActionDefinition action = ActionDefinition.builder("add")
			.handler((ctx) -> 3)
			.property("cache", false)
			.params(Map.of("a", "number"))
			.timeout(250)
			.build();

		assertThat(ActionCatalog.descriptor(action, "math.add")).containsExactly(Map.entry("cache", false),
				Map.entry("params", Map.of("a", "number")), Map.entry("timeout", 250L), Map.entry("rawName", "add"),
				Map.entry("name", "math.add"));
		assertThat(ActionCatalog.descriptor(ActionDefinition.builder("peek")
			.handler((ctx) -> 3)
			.visibility(Visibility.PROTECTED)
			.build(), "vault.peek")).containsEntry("visibility", "protected").doesNotContainKeys("params", "timeout");
	}

}
