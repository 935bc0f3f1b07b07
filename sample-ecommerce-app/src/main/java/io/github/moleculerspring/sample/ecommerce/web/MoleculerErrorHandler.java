package io.github.moleculerspring.sample.ecommerce.web;

import java.net.URI;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.sample.ecommerce.shop.ConditionalOnShopService;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns Moleculer errors into RFC 9457 problem details, with the status a client expects: a
 * validation error is a 422 with its violations in {@code data}, a missing or unavailable service
 * a 503, a timeout a 504, a full queue or bulkhead a 429, and any other error its own code when it
 * is an HTTP error code (404 not found, 402 payment declined, 409 conflict, ...), 500 otherwise.
 * The error is matched by name, so errors from remote nodes (of any language) map alike. The
 * problem carries Moleculer's {@code name}, {@code code}, {@code type} (as
 * {@code urn:moleculer:<TYPE>} in the problem's {@code type}, and plain in {@code errorType}) and
 * {@code data}.
 */
@RestControllerAdvice
@ConditionalOnShopService("gateway")
class MoleculerErrorHandler {

	@ExceptionHandler(MoleculerError.class)
	ResponseEntity<ProblemDetail> handle(MoleculerError error) {
		int status = status(error);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), error.getMessage());
		problem.setTitle(error.getName());
		if (error.getType() != null) {
			problem.setType(URI.create("urn:moleculer:" + error.getType()));
		}
		problem.setProperty("name", error.getName());
		problem.setProperty("code", error.getCode());
		problem.setProperty("errorType", error.getType());
		problem.setProperty("data", error.getData());
		return ResponseEntity.status(status).body(problem);
	}

	static int status(MoleculerError error) {
		return switch (error.getName()) {
			case "ValidationError" -> 422;
			case "ServiceNotFoundError", "ServiceNotAvailableError" -> 503;
			case "RequestTimeoutError" -> 504;
			case "QueueIsFullError" -> 429;
			default -> {
				int code = error.getCode();
				yield (code >= 400 && code < 600) ? code : 500;
			}
		};
	}

}
