package io.github.moleculerspring.sample.ecommerce.web;

import java.util.List;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MoleculerErrorHandler}.
 */
class MoleculerErrorHandlerTests {

	private final MoleculerErrorHandler handler = new MoleculerErrorHandler();

	@Test
	void mapsMoleculerErrorsToHttpStatuses() {
		assertThat(MoleculerErrorHandler.status(ValidationError.of("bad", List.of()))).isEqualTo(422);
		assertThat(MoleculerErrorHandler.status(new ServiceNotFoundError("shop.missing", null))).isEqualTo(404);
		assertThat(MoleculerErrorHandler.status(new RequestTimeoutError("shop.slow", "node-1"))).isEqualTo(504);
		assertThat(MoleculerErrorHandler.status(new MoleculerError("teapot", 418, "TEAPOT", null))).isEqualTo(418);
		assertThat(MoleculerErrorHandler.status(new MoleculerError("odd", 302, null, null))).isEqualTo(500);
	}

	@Test
	void bodyCarriesTheErrorFields() {
		ValidationError error = ValidationError.of("Parameters validation error!",
				List.of(new ValidationError.Violation("required", "name", "The 'name' field is required.")));
		assertThat(this.handler.handle(error).getBody()).containsEntry("name", "ValidationError")
			.containsEntry("code", 422)
			.containsEntry("type", "VALIDATION_ERROR")
			.containsEntry("data", error.getData());
	}

}
