package io.github.moleculerspring.test.tester;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.context.EmitOptions;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.MoleculerErrors;
import org.jspecify.annotations.Nullable;

/**
 * Calls actions and emits events on a broker from a test, waiting for each outcome at most a
 * timeout, so that a test reads as plain sequential code and never hangs.
 *
 * <p>
 * {@code call} returns the result, or throws the {@link MoleculerError} the call failed with (so
 * {@code assertThatExceptionOfType(ValidationError.class).isThrownBy(() -> tester.call(...))}
 * works); {@link #callExpectingError} returns that error for assertions and fails when the call
 * succeeds. {@code emit} and {@code broadcast} return once the local handlers are done.
 * {@link #events()} awaits the events the services emit. When the timeout passes, an
 * {@link AssertionError} says what did not complete; the call itself is left to the broker's own
 * timeouts, which a test can set with {@link CallOptions#timeout(Duration)}.
 *
 * <p>
 * In a {@code @MoleculerTest} it is a bean; its timeout is {@code moleculer.test.timeout}.
 */
public final class MoleculerTester {

	/** The default bound of every wait. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final ServiceBroker broker;

	private final EventRecorder events;

	private final Duration timeout;

	/**
	 * Creates a tester.
	 * @param broker the broker to call
	 * @param events the recorder of the broker's events
	 * @param timeout the bound of every wait, positive
	 */
	public MoleculerTester(ServiceBroker broker, EventRecorder events, Duration timeout) {
		this.broker = broker;
		this.events = events;
		this.timeout = EventRecorder.checkTimeout(timeout);
	}

	/**
	 * A tester that waits at most another timeout, for a slow action or a test that expects a
	 * timeout.
	 * @param timeout the bound of every wait, positive
	 * @return a new tester on the same broker
	 */
	public MoleculerTester withTimeout(Duration timeout) {
		return new MoleculerTester(this.broker, this.events, timeout);
	}

	/** The broker under test. */
	public ServiceBroker broker() {
		return this.broker;
	}

	/** The bound of every wait. */
	public Duration timeout() {
		return this.timeout;
	}

	/** The recorder of the events delivered to the broker, to await them. */
	public EventRecorder events() {
		return this.events;
	}

	/**
	 * Calls an action.
	 * @param action the full action name, such as {@code users.create}
	 * @param params the parameters (a map, a record, any JSON-serializable value), or {@code null}
	 * @return the result, as {@link ServiceBroker#call(String, Object)} gives it
	 * @throws MoleculerError the error the call failed with
	 * @throws AssertionError when it does not complete within the timeout
	 */
	public @Nullable Object call(String action, @Nullable Object params) {
		return call(action, params, CallOptions.DEFAULT);
	}

	/**
	 * Calls an action with options (meta, headers, a timeout, a node).
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @param options the call options
	 * @return the result
	 * @throws MoleculerError the error the call failed with
	 * @throws AssertionError when it does not complete within the timeout
	 */
	public @Nullable Object call(String action, @Nullable Object params, CallOptions options) {
		return await(this.broker.call(action, params, options), "Call '" + action + "'");
	}

	/**
	 * Calls an action and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @param resultType the result type
	 * @return the result
	 * @throws MoleculerError the error the call failed with
	 * @throws AssertionError when it does not complete within the timeout
	 */
	public <T> @Nullable T call(String action, @Nullable Object params, Class<T> resultType) {
		return call(action, params, CallOptions.DEFAULT, (Type) resultType);
	}

	/**
	 * Calls an action with options and converts the result.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @param options the call options
	 * @param resultType the result type
	 * @return the result
	 * @throws MoleculerError the error the call failed with
	 * @throws AssertionError when it does not complete within the timeout
	 */
	public <T> @Nullable T call(String action, @Nullable Object params, CallOptions options, Class<T> resultType) {
		return call(action, params, options, (Type) resultType);
	}

	/**
	 * Calls an action and converts the result to a generic type, such as
	 * {@code new ParameterizedTypeReference<List<User>>() {}.getType()}.
	 * @param <T> the result type
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @param options the call options
	 * @param resultType the result type
	 * @return the result
	 * @throws MoleculerError the error the call failed with
	 * @throws AssertionError when it does not complete within the timeout
	 */
	public <T> @Nullable T call(String action, @Nullable Object params, CallOptions options, Type resultType) {
		CompletableFuture<T> result = this.broker.call(action, params, options, resultType);
		return await(result, "Call '" + action + "'");
	}

	/**
	 * Calls an action that must fail.
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @return the error, for assertions on its class, code, type and data
	 * @throws AssertionError when the call succeeds, fails with something else than a
	 * {@link MoleculerError}, or does not complete within the timeout
	 */
	public MoleculerError callExpectingError(String action, @Nullable Object params) {
		return callExpectingError(action, params, CallOptions.DEFAULT, MoleculerError.class);
	}

	/**
	 * Calls an action that must fail with a given error class.
	 * @param <E> the error class
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @param errorType the expected class, such as {@code ValidationError.class}
	 * @return the error
	 * @throws AssertionError when the call succeeds, fails with another error, or does not complete
	 * within the timeout
	 */
	public <E extends MoleculerError> E callExpectingError(String action, @Nullable Object params, Class<E> errorType) {
		return callExpectingError(action, params, CallOptions.DEFAULT, errorType);
	}

	/**
	 * Calls an action with options that must fail with a given error class.
	 * @param <E> the error class
	 * @param action the full action name
	 * @param params the parameters, or {@code null}
	 * @param options the call options
	 * @param errorType the expected class
	 * @return the error
	 * @throws AssertionError when the call succeeds, fails with another error, or does not complete
	 * within the timeout
	 */
	public <E extends MoleculerError> E callExpectingError(String action, @Nullable Object params, CallOptions options,
			Class<E> errorType) {
		String what = "call '" + action + "'";
		CompletableFuture<Object> call = this.broker.call(action, params, options);
		Object result;
		try {
			result = call.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable error = MoleculerErrors.unwrap(ex);
			if (errorType.isInstance(error)) {
				return errorType.cast(error);
			}
			throw new AssertionError("Expected " + what + " to fail with " + errorType.getSimpleName()
					+ ", but it failed with " + describe(error), error);
		}
		catch (TimeoutException ex) {
			throw timedOut("Call '" + action + "'");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for " + what, ex);
		}
		throw new AssertionError("Expected " + what + " to fail with " + errorType.getSimpleName()
				+ ", but it returned: " + result);
	}

	/**
	 * Emits a balanced event and waits until the local handlers are done.
	 * @param event the event name
	 * @param payload the payload, or {@code null}
	 * @throws AssertionError when the handlers are not done within the timeout
	 */
	public void emit(String event, @Nullable Object payload) {
		emit(event, payload, EmitOptions.DEFAULT);
	}

	/**
	 * Emits a balanced event with options (groups, meta, headers) and waits until the local handlers
	 * are done.
	 * @param event the event name
	 * @param payload the payload, or {@code null}
	 * @param options the emit options
	 * @throws AssertionError when the handlers are not done within the timeout
	 */
	public void emit(String event, @Nullable Object payload, EmitOptions options) {
		await(this.broker.emit(event, payload, options), "Emit of '" + event + "'");
	}

	/**
	 * Broadcasts an event and waits until the local handlers are done.
	 * @param event the event name
	 * @param payload the payload, or {@code null}
	 * @throws AssertionError when the handlers are not done within the timeout
	 */
	public void broadcast(String event, @Nullable Object payload) {
		broadcast(event, payload, EmitOptions.DEFAULT);
	}

	/**
	 * Broadcasts an event with options and waits until the local handlers are done.
	 * @param event the event name
	 * @param payload the payload, or {@code null}
	 * @param options the emit options
	 * @throws AssertionError when the handlers are not done within the timeout
	 */
	public void broadcast(String event, @Nullable Object payload, EmitOptions options) {
		await(this.broker.broadcast(event, payload, options), "Broadcast of '" + event + "'");
	}

	private <T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable error = MoleculerErrors.unwrap(ex);
			if (error instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (error instanceof Error fatal) {
				throw fatal;
			}
			throw new IllegalStateException(what + " failed: " + error, error);
		}
		catch (TimeoutException ex) {
			throw timedOut(what);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for " + what, ex);
		}
	}

	private AssertionError timedOut(String what) {
		return new AssertionError(what + " did not complete within " + this.timeout.toMillis()
				+ " ms (the MoleculerTester timeout: moleculer.test.timeout, or withTimeout(...))");
	}

	private static String describe(Throwable error) {
		if (error instanceof MoleculerError moleculer) {
			return moleculer.getClass().getSimpleName() + " (" + moleculer.getCode() + ", " + moleculer.getType()
					+ "): " + moleculer.getMessage();
		}
		return error.toString();
	}

}
