package io.github.moleculerspring.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.moleculerspring.protocol.ServiceInfo;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import org.junit.jupiter.api.Test;

import static io.github.moleculerspring.registry.RegistryFixtures.event;
import static io.github.moleculerspring.registry.RegistryFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The event catalog on its own: subscriptions by (pattern, group), the lookups of an emit and a
 * broadcast, and remote subscriptions diffed from one INFO to the next.
 */
class EventCatalogTests {

	private final RegistryFixtures.CountingWiring wiring = new RegistryFixtures.CountingWiring();

	private final EventCatalog events = new EventCatalog("me", this.wiring);

	private final Node local = new Node("me", true, 0);

	private final Node remote = new Node("n1", false, 0);

	private void registerLocal(ServiceDefinition definition) {
		ServiceItem item = new ServiceItem(this.local, ServiceCatalog.describe(definition), definition);
		this.events.addLocal(this.events.wireLocal(item, definition));
	}

	private void registerRemote(Node node, ServiceInfo... infos) {
		Set<EventCatalog.Subscription> registered = new HashSet<>();
		for (ServiceInfo info : infos) {
			this.events.registerRemote(new ServiceItem(node, info, null), registered);
		}
		this.events.retain(node.id(), registered);
	}

	@Test
	void aSubscriptionWithoutAGroupIsInItsServicesGroup() {
		registerLocal(ServiceDefinition.builder("mailer")
			.event("user.created", (ctx) -> null)
			.event(EventDefinition.builder("user.removed").handler((ctx) -> null).group("audit").build())
			.build());

		assertThat(this.events.lists()).extracting(EndpointList::name, EndpointList::group)
			.containsExactlyInAnyOrder(tuple("user.created", "mailer"),
					tuple("user.removed", "audit"));
		EventEndpoint endpoint = this.events.get("user.created", "mailer", "me", "mailer");
		assertThat(endpoint).isNotNull();
		assertThat(endpoint.invoker()).isNotNull();
		assertThat(endpoint.definition()).isNotNull();
		assertThat(this.wiring.localEvents).hasValue(2);
	}

	@Test
	void theGroupsOfAnEventIncludeThoseOfMatchingPatterns() {
		registerLocal(ServiceDefinition.builder("mailer").event("user.created", (ctx) -> null).build());
		registerRemote(this.remote, service("audit", List.of(), List.of(event("user.*", null))),
				service("stats", List.of(), List.of(event("**", "metrics"))),
				service("orders", List.of(), List.of(event("order.created", null))));

		assertThat(this.events.groups("user.created")).containsExactlyInAnyOrder("mailer", "audit", "metrics");
		assertThat(this.events.groups("order.created")).containsExactlyInAnyOrder("orders", "metrics");
		assertThat(this.events.groups("nothing.here")).containsExactly("metrics");
	}

	@Test
	void aBalancedEmitReachesOneEndpointPerGroup() {
		registerLocal(ServiceDefinition.builder("mailer").event("user.created", (ctx) -> null).build());
		registerRemote(this.remote, service("mailer", List.of(), List.of(event("user.created", null))),
				service("audit", List.of(), List.of(event("user.*", null))));

		List<EventEndpoint> all = this.events.balanced("user.created", null, null, false);
		assertThat(all).extracting(EventEndpoint::group).containsExactlyInAnyOrder("mailer", "audit");
		for (int i = 0; i < 5; i++) {
			assertThat(this.events.balanced("user.created", List.of("mailer"), null, true))
				.extracting(EventEndpoint::nodeID)
				.as("prefer local")
				.containsExactly("me");
		}
		assertThat(this.events.balanced("user.created", List.of("audit"), null, true))
			.extracting(EventEndpoint::nodeID)
			.containsExactly("n1");
	}

	@Test
	void aBroadcastReachesOneEndpointPerNodeAndEveryLocalHandler() {
		registerLocal(ServiceDefinition.builder("mailer").event("user.created", (ctx) -> null).build());
		registerLocal(ServiceDefinition.builder("audit").event("user.*", (ctx) -> null).build());
		registerRemote(this.remote, service("mailer", List.of(), List.of(event("user.created", null))));

		Map<String, EventEndpoint> byNode = this.events.allByNode("user.created", null);
		assertThat(byNode).containsOnlyKeys("me", "n1");
		assertThat(this.events.allByNode("user.created", List.of("audit"))).containsOnlyKeys("me");

		assertThat(this.events.local("user.created", null, true, null)).extracting(EventEndpoint::group)
			.containsExactlyInAnyOrder("mailer", "audit");
		assertThat(this.events.local("user.created", List.of("mailer"), false, null))
			.extracting(EventEndpoint::nodeID, EventEndpoint::group)
			.containsExactly(tuple("me", "mailer"));
	}

	@Test
	void aNewInfoKeepsUnchangedSubscriptionsAndRemovesDroppedOnes() {
		registerRemote(this.remote, service("audit", List.of(), List.of(event("user.created", null),
				event("user.removed", null))));
		EventEndpoint created = this.events.get("user.created", "audit", "n1", "audit");
		assertThat(this.events.groups("user.removed")).containsExactly("audit");

		registerRemote(this.remote, service("audit", List.of(), List.of(event("user.created", null))));

		assertThat(this.events.get("user.created", "audit", "n1", "audit")).isSameAs(created);
		assertThat(this.events.get("user.removed", "audit", "n1", "audit")).isNull();
		assertThat(this.events.groups("user.removed")).as("the match cache is cleared").isEmpty();
		assertThat(this.events.lists()).extracting(EndpointList::name).containsExactly("user.created");

		registerRemote(this.remote, service("audit", List.of(), List.of(event("user.created", "other"))));
		assertThat(this.events.get("user.created", "audit", "n1", "audit")).isNull();
		assertThat(this.events.groups("user.created")).containsExactly("other");
	}

	@Test
	void twoServicesOfANodeInOneGroupAreTwoEndpoints() {
		registerRemote(this.remote, service("a", List.of(), List.of(event("user.created", "shared"))),
				service("b", List.of(), List.of(event("user.created", "shared"))));

		assertThat(this.events.lists()).hasSize(1);
		assertThat(this.events.lists().get(0).count()).isEqualTo(2);
		assertThat(this.events.allByNode("user.created", null)).containsOnlyKeys("n1");

		registerRemote(this.remote, service("b", List.of(), List.of(event("user.created", "shared"))));
		assertThat(this.events.lists().get(0).endpoints()).extracting((endpoint) -> endpoint.service().name())
			.containsExactly("b");
	}

	@Test
	void aRemovedLocalServiceTakesItsSubscriptionsAlong() {
		ServiceDefinition definition = ServiceDefinition.builder("mailer").event("user.created", (ctx) -> null).build();
		ServiceItem item = new ServiceItem(this.local, ServiceCatalog.describe(definition), definition);
		this.events.addLocal(this.events.wireLocal(item, definition));

		this.events.removeService(item);

		assertThat(this.events.lists()).isEmpty();
		assertThat(this.events.local("user.created", null, true, null)).isEmpty();
	}

	@Test
	void theDescriptorCarriesTheGroupWhenSet() {
		assertThat(EventCatalog.descriptor(EventDefinition.builder("user.created")
			.handler((ctx) -> null)
			.property("context", true)
			.group("audit")
			.build())).containsExactly(Map.entry("context", true), Map.entry("group", "audit"),
					Map.entry("name", "user.created"));
		assertThat(EventCatalog.descriptor(EventDefinition.of("user.created", (ctx) -> null)))
			.containsExactly(Map.entry("name", "user.created"));
	}

}
