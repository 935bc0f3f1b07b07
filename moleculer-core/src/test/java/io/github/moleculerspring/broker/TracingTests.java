package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.middleware.TracingMiddleware;
import io.github.moleculerspring.service.ServiceDefinition;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Observations around calls and events, and the trace context in Moleculer's fields. */
class TracingTests {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry observations = ObservationRegistry.create();

	private final TestCluster cluster = new TestCluster("tracing-" + System.nanoTime());

	TracingTests() {
		this.observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				TracingTests.this.stopped.add(context);
			}
		});
	}

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	private List<Observation.Context> named(String name) {
		return this.stopped.stream().filter((c) -> c.getName().equals(name)).toList();
	}

	@Test
	void callsAndEventsAreObservedOnBothSidesAndLinkedToTheirParents() throws Exception {
		ServiceBroker a = this.cluster.broker("a", (o) -> o.observationRegistry(this.observations),
				ServiceDefinition.builder("front").action("go", (ctx) -> ctx.call("back.work", null)).build());
		this.cluster.broker("b", (o) -> o.observationRegistry(this.observations),
				ServiceDefinition.builder("back")
					.action("work", (ctx) -> ctx.emit("work.done", Map.of()).thenApply((v) -> "done"))
					.build(),
				ServiceDefinition.builder("listener").event("work.done", (ctx) -> null).build());
		this.cluster.startAll();
		assertThat(a.call("front.go", null).get(10, TimeUnit.SECONDS)).isEqualTo("done");
		await().atMost(Duration.ofSeconds(5)).until(() -> named(TracingMiddleware.RECEIVE).size() == 1
				&& named(TracingMiddleware.HANDLE).size() == 2);
		Observation.Context call = named(TracingMiddleware.CALL).get(0);
		assertThat(call).isInstanceOf(SenderContext.class);
		assertThat(call.getLowCardinalityKeyValue("moleculer.action").getValue()).isEqualTo("back.work");
		Observation.Context front = named(TracingMiddleware.HANDLE).stream()
			.filter((c) -> c.getLowCardinalityKeyValue("moleculer.action").getValue().equals("front.go"))
			.findFirst()
			.orElseThrow();
		Observation.Context back = named(TracingMiddleware.HANDLE).stream()
			.filter((c) -> c.getLowCardinalityKeyValue("moleculer.action").getValue().equals("back.work"))
			.findFirst()
			.orElseThrow();
		// The nested call is a child of the handler that made it; the remote handler is a receiver.
		assertThat(call.getParentObservation().getContextView()).isSameAs(front);
		assertThat(back).isInstanceOf(ReceiverContext.class);
		assertThat(((ReceiverContext<?>) back).getCarrier()).isNotNull();
		Observation.Context emit = named(TracingMiddleware.EMIT).get(0);
		assertThat(emit.getParentObservation().getContextView()).isSameAs(back);
		Observation.Context received = named(TracingMiddleware.RECEIVE).get(0);
		assertThat(received.getLowCardinalityKeyValue("moleculer.event").getValue()).isEqualTo("work.done");
		assertThat(received.getParentObservation().getContextView()).isSameAs(emit);
	}

	@Test
	void traceparentIsRebuiltFromMoleculersFields() {
		BrokerContext ctx = new BrokerContext(null, "a1b2c3d4-0000-4000-8000-00000000abcd", "js-node");
		ctx.requestID = "3992a4e3-5f0d-4c6d-9a1b-0123456789ab";
		ctx.parentID = "0d22e5a1-7b3c-4d2e-8f90-fedcba987654";
		assertThat(TraceCarrier.traceparentFromFields(ctx))
			.isEqualTo("00-3992a4e35f0d4c6d9a1b0123456789ab-0d22e5a17b3c4d2e-01");
		ctx.tracing = false;
		assertThat(TraceCarrier.traceparentFromFields(ctx)).endsWith("-00");
		ctx.parentID = null;
		assertThat(TraceCarrier.traceparentFromFields(ctx)).isEqualTo("00-3992a4e35f0d4c6d9a1b0123456789ab-a1b2c3d400004000-00");
		ctx.requestID = "not-a-uuid";
		assertThat(TraceCarrier.traceparentFromFields(ctx)).isNull();
	}

	@Test
	void aTraceparentSetsTheSampledFlagTheParentSpanAndTheRootRequestID() {
		BrokerContext root = new BrokerContext(null, "id-1", "a");
		TraceCarrier.applyTraceparent(root, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(root.tracing).isTrue();
		assertThat(root.parentID).isEqualTo("00f067aa0ba902b7");
		assertThat(root.requestID).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		BrokerContext nested = new BrokerContext(null, "id-2", "a");
		nested.level = 2;
		nested.requestID = "chain";
		TraceCarrier.applyTraceparent(nested, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
		assertThat(nested.tracing).isFalse();
		assertThat(nested.requestID).isEqualTo("chain");
	}

}
