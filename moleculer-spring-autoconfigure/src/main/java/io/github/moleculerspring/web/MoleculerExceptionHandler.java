package io.github.moleculerspring.web;

import java.net.URI;
import java.net.URISyntaxException;

import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link MoleculerError} that reaches a Spring MVC or Spring WebFlux controller (thrown,
 * failing the {@code CompletableFuture} or {@code Mono} the controller returns, or wrapped in a
 * {@link java.util.concurrent.CompletionException} or
 * {@link java.util.concurrent.ExecutionException}) with an RFC 9457 problem detail
 * ({@code application/problem+json}) instead of a bare 500.
 *
 * <p>
 * The problem mirrors what moleculer-web answers for the same error: the status is the error's
 * {@code code} when it is an HTTP error status (400 to 599) and 500 otherwise; {@code type} is
 * Moleculer's type (for example {@code SERVICE_NOT_FOUND}, a relative URI reference),
 * {@code title} the error's name, {@code detail} its message, and the properties {@code code},
 * {@code retryable} and {@code data} (for a {@code ValidationError}, the field errors) carry the
 * rest. The node ID is left out: it names the cluster's topology (by default host and process),
 * which an HTTP client does not need.
 *
 * <p>
 * Only Moleculer errors are handled; other exceptions, including other exceptions that merely
 * have a Moleculer error as their cause, are left to the application and to Spring. The advice
 * has the lowest precedence, so any {@code @ExceptionHandler} of the application that matches the
 * error wins; subclass it and override {@link #createProblemDetail(MoleculerError)} to change the
 * body, or declare a bean of this type to replace the auto-configured one.
 *
 * <p>
 * It uses spring-web alone (the advice and exception handler annotations, {@link ResponseEntity},
 * {@link ProblemDetail}), which both web stacks honour, so one class serves both: a servlet
 * application gets it from {@code MoleculerWebAutoConfiguration}, a reactive one from
 * {@code MoleculerWebFluxAutoConfiguration}, and a subclass of the application works in either.
 */
@RestControllerAdvice
public class MoleculerExceptionHandler implements Ordered {

	/**
	 * Handles a Moleculer error, possibly wrapped in {@code CompletionException} or
	 * {@code ExecutionException} layers.
	 * @param exception the exception Spring resolved to this handler (the error itself or an
	 * exception whose cause chain holds one)
	 * @return the problem detail response
	 * @throws Exception the exception itself when it is not a Moleculer error under such layers,
	 * so that Spring goes on with its default handling
	 */
	@ExceptionHandler(MoleculerError.class)
	public ResponseEntity<ProblemDetail> handleMoleculerError(Exception exception) throws Exception {
		if (!(MoleculerErrors.unwrap(exception) instanceof MoleculerError error)) {
			throw exception;
		}
		ProblemDetail problem = createProblemDetail(error);
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/**
	 * Creates the problem detail of a Moleculer error.
	 * @param error the error
	 * @return the problem detail
	 */
	protected ProblemDetail createProblemDetail(MoleculerError error) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status(error)),
				error.getMessage());
		URI type = typeUri(error.getType());
		if (type != null) {
			problem.setType(type);
		}
		problem.setTitle(error.getName());
		problem.setProperty("code", error.getCode());
		problem.setProperty("retryable", error.isRetryable());
		if (error.getData() != null) {
			problem.setProperty("data", error.getData());
		}
		return problem;
	}

	/**
	 * The HTTP status of a Moleculer error: its code when that is an HTTP error status (400 to 599),
	 * 500 otherwise.
	 * @param error the error
	 * @return the status
	 */
	protected int status(MoleculerError error) {
		int code = error.getCode();
		return (code >= 400 && code <= 599) ? code : 500;
	}

	private static @Nullable URI typeUri(@Nullable String type) {
		if (type == null || type.isBlank()) {
			return null;
		}
		try {
			return new URI(null, null, type, null);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	/** The lowest precedence: an application's own exception handlers come first. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
