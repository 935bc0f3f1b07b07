package io.github.moleculerspring.context;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace context in Moleculer's fields: a W3C traceparent to and from a {@link BrokerContext}. */
class BrokerContextTests {

	@Test
	void traceparentIsRebuiltFromMoleculersFields() {
		BrokerContext ctx = new BrokerContext(null, "a1b2c3d4-0000-4000-8000-00000000abcd", "js-node");
		ctx.requestID("3992a4e3-5f0d-4c6d-9a1b-0123456789ab", false);
		ctx.parentID("0d22e5a1-7b3c-4d2e-8f90-fedcba987654");
		assertThat(ctx.traceparentFromFields())
			.isEqualTo("00-3992a4e35f0d4c6d9a1b0123456789ab-0d22e5a17b3c4d2e-01");
		ctx.tracing(false);
		assertThat(ctx.traceparentFromFields()).endsWith("-00");
		ctx.parentID(null);
		assertThat(ctx.traceparentFromFields()).isEqualTo("00-3992a4e35f0d4c6d9a1b0123456789ab-a1b2c3d400004000-00");
		ctx.requestID("not-a-uuid", false);
		assertThat(ctx.traceparentFromFields()).isNull();
	}

	@Test
	void aTraceparentSetsTheSampledFlagTheParentSpanAndTheRootRequestID() {
		BrokerContext root = new BrokerContext(null, "id-1", "a");
		root.applyTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(root.tracing()).isTrue();
		assertThat(root.parentID()).isEqualTo("00f067aa0ba902b7");
		assertThat(root.requestID()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		BrokerContext nested = new BrokerContext(null, "id-2", "a");
		nested.level(2);
		nested.requestID("chain", false);
		nested.applyTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
		assertThat(nested.tracing()).isFalse();
		assertThat(nested.requestID()).isEqualTo("chain");
	}

}
