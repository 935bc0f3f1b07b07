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

}
