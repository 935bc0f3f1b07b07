package io.github.moleculerspring.web;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.RequestSkippedError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MoleculerExceptionHandler}: the status and body of each kind of Moleculer
 * error.
 */
class MoleculerExceptionHandlerTests {

	private final MoleculerExceptionHandler handler = new MoleculerExceptionHandler();

	@Test
	void theStatusIsTheMoleculerCodeWhenItIsAnHttpErrorStatus() throws Exception {
		assertThat(status(ValidationError.of("bad", List.of()))).isEqualTo(422);
		assertThat(status(new ServiceNotFoundError("shop.missing", null))).isEqualTo(404);
		assertThat(status(new ServiceNotAvailableError("shop.gone", null))).isEqualTo(404);
		assertThat(status(new QueueIsFullError("shop.busy", "node-1"))).isEqualTo(429);
		assertThat(status(new RequestTimeoutError("shop.slow", "node-1"))).isEqualTo(504);
		assertThat(status(new RequestSkippedError("shop.late", "node-1"))).isEqualTo(514);
		assertThat(status(new MoleculerClientError("declined", 402, "PAYMENT_DECLINED", null))).isEqualTo(402);
		assertThat(status(new MoleculerError("teapot", 418, "TEAPOT", null))).isEqualTo(418);
		// Errors from other nodes (of any language) carry their code.
		assertThat(status(MoleculerError.named("TypeError", "x is undefined", 599, null, null, false))).isEqualTo(599);
		assertThat(status(new MoleculerError("odd", 302, null, null))).isEqualTo(500);
		assertThat(status(new MoleculerError("odd", 600, null, null))).isEqualTo(500);
		assertThat(status(MoleculerErrors.toMoleculerError(new IllegalStateException("bug")))).isEqualTo(500);
	}

	@Test
	void theBodyCarriesTheErrorFieldsButNotTheNode() throws Exception {
		ValidationError error = ValidationError.of("Parameters validation error!",
				List.of(new ValidationError.Violation("required", "name", "The 'name' field is required.")));
		error.setNodeID("node-7");
		ProblemDetail problem = this.handler.handleMoleculerError(error).getBody();
		assertThat(problem.getStatus()).isEqualTo(422);
		assertThat(problem.getType()).hasToString("VALIDATION_ERROR");
		assertThat(problem.getTitle()).isEqualTo("ValidationError");
		assertThat(problem.getDetail()).isEqualTo("Parameters validation error!");
		assertThat(problem.getProperties()).containsEntry("code", 422)
			.containsEntry("retryable", false)
			.containsEntry("data", error.getData())
			.doesNotContainKeys("nodeID", "stack");
	}

	@Test
	void aTypeThatIsNotAUriIsEncoded() throws Exception {
		ProblemDetail problem = this.handler
			.handleMoleculerError(new MoleculerError("m", 409, "ORDER NOT CANCELLABLE", null))
			.getBody();
		assertThat(problem.getType()).hasToString("ORDER%20NOT%20CANCELLABLE");
	}

	@Test
	void completionAndExecutionExceptionLayersAreUnwrapped() throws Exception {
		ServiceNotFoundError error = new ServiceNotFoundError("a.b", null);
		assertThat(status(new CompletionException(new ExecutionException(error)))).isEqualTo(404);
	}

	@Test
	void otherExceptionsAreRethrownForSpring() {
		IllegalStateException other = new IllegalStateException("x", new ServiceNotFoundError("a.b", null));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.handler.handleMoleculerError(other))
			.isSameAs(other);
		CompletionException wrappedOther = new CompletionException(new IllegalArgumentException("y"));
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> this.handler.handleMoleculerError(wrappedOther))
			.isSameAs(wrappedOther);
	}

	private int status(Exception error) throws Exception {
		ResponseEntity<ProblemDetail> response = this.handler.handleMoleculerError(error);
		assertThat(response.getBody().getStatus()).isEqualTo(response.getStatusCode().value());
		return response.getStatusCode().value();
	}

}
