package io.github.moleculerspring.broker;

import java.util.concurrent.CompletionException;

import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link HandlerErrors}: what a handler's failure is reported as. */
class HandlerErrorsTests {

	private final HandlerErrors errors = new HandlerErrors("node-a");

	@Test
	void anUnexpectedExceptionBecomesAMoleculerErrorOfThisNode() {
		MoleculerError error = this.errors.failure(new CompletionException(new IllegalStateException("boom")),
				"math.add");
		assertThat(error.getMessage()).contains("boom");
		assertThat(error.getNodeID()).isEqualTo("node-a");
	}

	@Test
	void aMoleculerErrorIsKeptAndStampedOnlyWhenItHasNoNode() {
		MoleculerClientError thrown = new MoleculerClientError("bad");
		assertThat(this.errors.failure(thrown, "math.add")).isSameAs(thrown);
		assertThat(thrown.getNodeID()).isEqualTo("node-a");
		MoleculerClientError remote = new MoleculerClientError("bad");
		remote.setNodeID("node-b");
		assertThat(this.errors.failure(remote, "math.add").getNodeID()).isEqualTo("node-b");
	}

	@Test
	void onlyFatalJvmErrorsOtherThanAStackOverflowAreRethrown() {
		assertThrows(OutOfMemoryError.class, () -> HandlerErrors.rethrowFatal(new OutOfMemoryError("full")));
		assertThatCode(() -> HandlerErrors.rethrowFatal(new StackOverflowError())).doesNotThrowAnyException();
		assertThatCode(() -> HandlerErrors.rethrowFatal(new IllegalStateException())).doesNotThrowAnyException();
	}

}
