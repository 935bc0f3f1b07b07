package io.github.moleculerspring.registry;

import java.util.List;
import java.util.Map;

import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.service.Visibility;
import org.junit.jupiter.api.Test;

import static io.github.moleculerspring.registry.RegistryFixtures.action;
import static io.github.moleculerspring.registry.RegistryFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service catalog on its own: one copy per node, a node's copies replaced as a whole, the local
 * views, and the descriptor a local service publishes in INFO.
 */
class ServiceCatalogTests {

	private final ServiceCatalog services = new ServiceCatalog();

	private final Node local = new Node("me", true, 0);

	private final Node remote = new Node("n1", false, 0);

	private final Node other = new Node("n2", false, 0);

	@Test
	void replacingANodesServicesKeepsTheOtherNodes() {
		ServiceItem math = new ServiceItem(this.remote, service("math", List.of(action("math.add")), List.of()), null);
		ServiceItem users = new ServiceItem(this.remote, service("users", List.of(), List.of()), null);
		ServiceItem otherMath = new ServiceItem(this.other, service("math", List.of(action("math.add")), List.of()),
				null);
		this.services.replace(this.remote, List.of(math, users));
		this.services.replace(this.other, List.of(otherMath));
		assertThat(this.services.list()).containsExactly(math, users, otherMath);

		ServiceItem newMath = new ServiceItem(this.remote, service("math", List.of(), List.of()), null);
		this.services.replace(this.remote, List.of(newMath));
		assertThat(this.services.list()).containsExactly(otherMath, newMath);

		this.services.replace(this.remote, List.of());
		assertThat(this.services.list()).containsExactly(otherMath);
	}

	@Test
	void theLocalViewsShowOnlyLocalServices() {
		ServiceDefinition definition = ServiceDefinition.builder("greeter").action("hello", (ctx) -> "hi").build();
		ServiceItem greeter = new ServiceItem(this.local, ServiceCatalog.describe(definition), definition);
		ServiceItem remoteGreeter = new ServiceItem(this.remote,
				service("greeter", List.of(action("greeter.hello")), List.of()), null);
		this.services.add(greeter);
		this.services.replace(this.remote, List.of(remoteGreeter));

		assertThat(this.services.findLocal("greeter")).isSameAs(greeter);
		assertThat(this.services.findLocal("users")).isNull();
		assertThat(this.services.localInfos()).containsExactly(greeter.info());
		assertThat(this.services.localDefinitions()).containsExactly(definition);
		assertThat(this.services.list()).containsExactly(greeter, remoteGreeter);

		this.services.remove(greeter);
		assertThat(this.services.findLocal("greeter")).isNull();
		assertThat(this.services.list()).containsExactly(remoteGreeter);
	}

	@Test
	void theDescriptorPublishesEveryActionButThePrivateOnesAndEverySubscription() {
		ServiceDefinition definition = ServiceDefinition.builder("math")
			.version(2)
			.metadata(Map.of("team", "core"))
			.action(ActionDefinition.builder("add")
				.handler((ctx) -> 3)
				.params(Map.of("a", "number"))
				.timeout(500)
				.visibility(Visibility.PUBLIC)
				.build())
			.action(ActionDefinition.builder("secret").handler((ctx) -> 0).visibility(Visibility.PRIVATE).build())
			.event(EventDefinition.builder("user.created").handler((ctx) -> null).group("audit").build())
			.event("user.removed", (ctx) -> null)
			.build();

		ServiceInfo info = ServiceCatalog.describe(definition);

		assertThat(info.name()).isEqualTo("math");
		assertThat(info.version()).isEqualTo(2);
		assertThat(info.fullName()).isEqualTo("v2.math");
		assertThat(info.metadata()).containsEntry("team", "core");
		assertThat(info.actions()).containsOnlyKeys("v2.math.add");
		assertThat(info.actions().get("v2.math.add").descriptor()).containsExactly(Map.entry("params",
				Map.of("a", "number")), Map.entry("timeout", 500L), Map.entry("visibility", "public"),
				Map.entry("rawName", "add"), Map.entry("name", "v2.math.add"));
		assertThat(info.events()).containsOnlyKeys("user.created", "user.removed");
		assertThat(info.events().get("user.created").group()).isEqualTo("audit");
		assertThat(info.events().get("user.created").descriptor()).containsExactly(Map.entry("group", "audit"),
				Map.entry("name", "user.created"));
		assertThat(info.events().get("user.removed").group()).isNull();
		assertThat(info.events().get("user.removed").descriptor()).containsExactly(Map.entry("name", "user.removed"));
	}

	@Test
	void aServiceMaySubscribeToAnEventOnlyOnce() {
		ServiceDefinition definition = ServiceDefinition.builder("audit")
			.event("user.created", (ctx) -> null)
			.event(EventDefinition.builder("user.created").handler((ctx) -> null).group("other").build())
			.build();

		assertThatThrownBy(() -> ServiceCatalog.describe(definition)).isInstanceOf(ServiceSchemaError.class)
			.hasMessage("Service 'audit' subscribes to event 'user.created' more than once.");
	}

}
