package io.github.moleculerspring.context;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ContextFactory}: what a call's and an event's context take from their parent and options. */
class ContextFactoryTests {

	private final ContextFactory contexts = new ContextFactory(null, "node-a", null);

	private BrokerContext parent() {
		BrokerContext parent = new BrokerContext(null, "parent-id", "node-a");
		parent.requestID("request-1", false);
		parent.level(2);
		parent.service("orders");
		parent.tracing(true);
		parent.observation("parent-observation");
		parent.meta(new LinkedHashMap<>(Map.of("user", "u1")));
		return parent;
	}

	@Test
	void aNestedCallContinuesItsParentsRequestWithACopyOfItsMeta() {
		BrokerContext parent = parent();
		BrokerContext ctx = this.contexts.call(parent, "params",
				CallOptions.builder().meta("extra", 1).headers(Map.of("h", "v")).build(), 2);
		assertThat(ctx.requestID()).isEqualTo("request-1");
		assertThat(ctx.parentID()).isEqualTo("parent-id");
		assertThat(ctx.level()).isEqualTo(3);
		assertThat(ctx.caller()).isEqualTo("orders");
		assertThat(ctx.tracing()).isTrue();
		assertThat(ctx.parentObservation()).isEqualTo("parent-observation");
		assertThat(ctx.retryAttempts()).isEqualTo(2);
		assertThat(ctx.params()).isEqualTo("params");
		assertThat(ctx.headersOrNull()).containsEntry("h", "v");
		assertThat(ctx.meta()).containsEntry("user", "u1").containsEntry("extra", 1);
		assertThat(parent.meta()).doesNotContainKey("extra");
	}

	@Test
	void aRootCallTakesTheRequestIDAndCallerFromItsOptions() {
		BrokerContext ctx = this.contexts.call(null, null,
				CallOptions.builder().requestID("given").caller("gateway").build(), 0);
		assertThat(ctx.requestID()).isEqualTo("given");
		assertThat(ctx.requestIDGiven()).isTrue();
		assertThat(ctx.caller()).isEqualTo("gateway");
		assertThat(ctx.level()).isEqualTo(1);
		assertThat(ctx.nodeID()).isEqualTo("node-a");
	}

	@Test
	void anEventContextContinuesItsParentAndMergesTheOptionsMeta() {
		BrokerContext parent = parent();
		BrokerContext ctx = this.contexts.event("user.created", "data",
				EmitOptions.groups("mail").withMeta(Map.of("extra", 1)), parent, "emit");
		assertThat(ctx.eventName()).isEqualTo("user.created");
		assertThat(ctx.eventType()).isEqualTo("emit");
		assertThat(ctx.eventGroups()).containsExactly("mail");
		assertThat(ctx.params()).isEqualTo("data");
		assertThat(ctx.requestID()).isEqualTo("request-1");
		assertThat(ctx.level()).isEqualTo(3);
		assertThat(ctx.caller()).isEqualTo("orders");
		assertThat(ctx.parentObservation()).isEqualTo("parent-observation");
		assertThat(ctx.meta()).containsEntry("user", "u1").containsEntry("extra", 1);
		assertThat(parent.meta()).doesNotContainKey("extra");
	}

	@Test
	void anEventCopyForAnEndpointHasItsOwnMetaAndHeadersAndHangsUnderTheEventsObservation() {
		BrokerContext event = this.contexts.event("user.created", "data",
				EmitOptions.DEFAULT.withMeta(Map.of("m", 1)), parent(), "broadcast");
		event.headers().put("h", "v");
		event.observation("event-observation");
		BrokerContext copy = this.contexts.copyForEvent(event, "mail");
		assertThat(copy.id()).isNotEqualTo(event.id());
		assertThat(copy.service()).isEqualTo("mail");
		assertThat(copy.eventName()).isEqualTo("user.created");
		assertThat(copy.eventType()).isEqualTo("broadcast");
		assertThat(copy.requestID()).isEqualTo("request-1");
		assertThat(copy.level()).isEqualTo(3);
		assertThat(copy.parentObservation()).isEqualTo("event-observation");
		copy.meta().put("own", true);
		copy.headers().put("own", true);
		assertThat(event.meta()).doesNotContainKey("own");
		assertThat(event.headersOrNull()).doesNotContainKey("own");
	}

	@Test
	void aCallsTargetSetsTheEndpointAndTimeoutAndStartsItsClock() {
		BrokerContext ctx = this.contexts.call(null, null, CallOptions.DEFAULT, 0);
		assertThat(ctx.remainingMillis()).as("no timeout").isNegative();
		ctx.target("mail.send", "mail", "node-b", 10_000);
		assertThat(ctx.action()).isEqualTo("mail.send");
		assertThat(ctx.service()).isEqualTo("mail");
		assertThat(ctx.nodeID()).isEqualTo("node-b");
		assertThat(ctx.timeout()).isEqualTo(10_000);
		assertThat(ctx.remainingMillis()).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void aRemoteRequestsContextDefaultsItsRequestIDToItsID() {
		BrokerContext ctx = this.contexts.request(new ContextFactory.Origin("r1", "node-b", null, new LinkedHashMap<>(),
				null, 1, null, null, null, null), "mail.send", 500);
		assertThat(ctx.requestID()).isEqualTo("r1");
		assertThat(ctx.requestIDGiven()).isFalse();
		assertThat(ctx.nodeID()).isEqualTo("node-b");
		assertThat(ctx.action()).isEqualTo("mail.send");
		assertThat(ctx.timeout()).isEqualTo(500);
		BrokerContext event = this.contexts.event(new ContextFactory.Origin("e1", "node-b", null, new LinkedHashMap<>(),
				null, 1, "req", null, null, null), "user.created", true, null);
		assertThat(event.eventType()).isEqualTo("broadcast");
		assertThat(event.requestID()).isEqualTo("req");
	}

}
