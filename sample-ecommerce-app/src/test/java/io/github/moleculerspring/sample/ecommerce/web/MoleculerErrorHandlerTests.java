package io.github.moleculerspring.sample.ecommerce.web;

import java.util.List;

import io.github.moleculerspring.error.MoleculerClientError;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.QueueIsFullError;
import io.github.moleculerspring.error.ServiceNotAvailableError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MoleculerErrorHandler}.
 */
class MoleculerErrorHandlerTests {

	private final MoleculerErrorHandler handler = new MoleculerErrorHandler();

	@Test
	void mapsMoleculerErrorsToHttpStatuses() {
		assertThat(MoleculerErrorHandler.status(ValidationError.of("bad", List.of()))).isEqualTo(422);
		assertThat(MoleculerErrorHandler.status(new ServiceNotFoundError("shop.missing", null))).isEqualTo(503);
		assertThat(MoleculerErrorHandler.status(new ServiceNotAvailableError("shop.gone", null))).isEqualTo(503);
		assertThat(MoleculerErrorHandler.status(new QueueIsFullError("shop.busy", "node-1"))).isEqualTo(429);
		assertThat(MoleculerErrorHandler.status(new MoleculerClientError("declined", 402, "PAYMENT_DECLINED", null))).isEqualTo(402);
		// Errors from other nodes are matched by name.
		assertThat(MoleculerErrorHandler.status(MoleculerError.named("ServiceNotAvailableError", "gone", 404, null, null, true))).isEqualTo(503);
		assertThat(MoleculerErrorHandler.status(new RequestTimeoutError("shop.slow", "node-1"))).isEqualTo(504);
		assertThat(MoleculerErrorHandler.status(new MoleculerError("teapot", 418, "TEAPOT", null))).isEqualTo(418);
		assertThat(MoleculerErrorHandler.status(new MoleculerError("odd", 302, null, null))).isEqualTo(500);
	}

	@Test
	void bodyCarriesTheErrorFields() {
		ValidationError error = ValidationError.of("Parameters validation error!",
				List.of(new ValidationError.Violation("required", "name", "The 'name' field is required.")));
		ProblemDetail problem = this.handler.handle(error).getBody();
		assertThat(problem.getStatus()).isEqualTo(422);
		assertThat(problem.getType()).hasToString("urn:moleculer:VALIDATION_ERROR");
		assertThat(problem.getDetail()).isEqualTo("Parameters validation error!");
		assertThat(problem.getProperties()).containsEntry("name", "ValidationError")
			.containsEntry("code", 422)
			.containsEntry("errorType", "VALIDATION_ERROR")
			.containsEntry("data", error.getData());
	}

}
