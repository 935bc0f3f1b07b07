package io.github.moleculerspring.sample.ecommerce.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.RequestTimeoutError;
import io.github.moleculerspring.error.ServiceNotFoundError;
import io.github.moleculerspring.error.ValidationError;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns Moleculer errors into HTTP responses, as moleculer-web does: a validation error is a 422
 * with its violations in {@code data}, an unknown action a 404, a timeout a 504, and any other
 * error its own code when it is an HTTP error code (500 otherwise).
 */
@RestControllerAdvice
class MoleculerErrorHandler {

	@ExceptionHandler(MoleculerError.class)
	ResponseEntity<Map<String, Object>> handle(MoleculerError error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", error.getName());
		body.put("message", error.getMessage());
		body.put("code", error.getCode());
		body.put("type", error.getType());
		body.put("data", error.getData());
		return ResponseEntity.status(status(error)).body(body);
	}

	static int status(MoleculerError error) {
		if (error instanceof ValidationError) {
			return 422;
		}
		if (error instanceof ServiceNotFoundError) {
			return 404;
		}
		if (error instanceof RequestTimeoutError) {
			return 504;
		}
		int code = error.getCode();
		return (code >= 400 && code < 600) ? code : 500;
	}

}
