package io.github.moleculerspring.annotation.support;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.ValidationError;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * An annotated handler method bound to its bean: it resolves the arguments from the
 * {@link Context}, validates them, and invokes the method. Everything a call needs is bound once,
 * when the handler is created: one resolver per parameter, the validation (absent when nothing of
 * the method is constrained, so that the validator is never called), and a {@code MethodHandle}
 * bound to the bean; a call is a straight loop over the resolvers and one invocation. The field errors of conversion and of
 * validation are reported together, in one {@code ValidationError}. Exceptions thrown by the method
 * propagate unwrapped, so the broker passes Moleculer errors through and turns anything else into
 * a {@code MoleculerServerError}.
 */
public final class MoleculerHandlerMethod {

	private final Object bean;

	private final Method method;

	private static final @Nullable Object[] NO_ARGS = new Object[0];

	private final ParameterResolver[] resolvers;

	private final ParamsValidator.@Nullable ArgumentsValidation validation;

	private final @Nullable Map<String, Object> paramsSchema;

	private final int errorIndex;

	private final @Nullable Class<?> errorType;

	/** The method bound to the bean, taking the arguments as one {@code Object[]}. */
	private final MethodHandle invoker;

	MoleculerHandlerMethod(Object bean, Method method, ParameterResolver[] resolvers,
			ParamsValidator.@Nullable ArgumentsValidation validation, @Nullable Map<String, Object> paramsSchema,
			int errorIndex) {
		this.bean = bean;
		this.method = method;
		this.resolvers = resolvers;
		this.validation = validation;
		this.paramsSchema = paramsSchema;
		this.errorIndex = errorIndex;
		this.errorType = (errorIndex >= 0) ? method.getParameterTypes()[errorIndex] : null;
		ReflectionUtils.makeAccessible(method);
		this.invoker = invoker(bean, method);
	}

	private static MethodHandle invoker(Object bean, Method method) {
		try {
			MethodHandle handle = MethodHandles.lookup().unreflect(method).bindTo(bean);
			return handle.asSpreader(Object[].class, method.getParameterCount())
				.asType(MethodType.methodType(Object.class, Object[].class));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot access " + method.toGenericString() + ": " + ex.getMessage(), ex);
		}
	}

	/** The method invoked, as invocable on the bean (possibly a proxy). */
	public Method getMethod() {
		return this.method;
	}

	/** The params schema derived from the signature (fastest-validator syntax), if any. */
	public @Nullable Map<String, Object> getParamsSchema() {
		return this.paramsSchema;
	}

	/**
	 * Invokes the method for a call or an event.
	 * @param ctx the context
	 * @return the method's result: a value, a {@code CompletionStage}, or {@code null} for
	 * {@code void}
	 * @throws Exception what the method throws, or a {@code ValidationError} for invalid arguments
	 */
	public @Nullable Object invoke(Context ctx) throws Exception {
		ParameterResolver[] resolvers = this.resolvers;
		int count = resolvers.length;
		@Nullable Object[] args = (count == 0) ? NO_ARGS : new Object[count];
		FieldErrors errors = new FieldErrors();
		for (int i = 0; i < count; i++) {
			args[i] = resolvers[i].resolve(ctx, errors);
		}
		ParamsValidator.ArgumentsValidation validation = this.validation;
		if (validation != null) {
			try {
				validation.validate(args, ctx);
			}
			catch (ValidationError ex) {
				if (errors.isEmpty()) {
					throw ex;
				}
				errors.addAll(ex);
			}
		}
		if (!errors.isEmpty()) {
			throw errors.toError();
		}
		return call(args);
	}

	/**
	 * Invokes a fallback method for a failed call. When the method's error parameter does not
	 * accept the error (it declares a narrower type), the error is rethrown unchanged.
	 * @param ctx the context of the call
	 * @param error the error of the call
	 * @return the method's result: a value, a {@code CompletionStage}, or {@code null} for
	 * {@code void}
	 * @throws Exception what the method throws, or the error when it does not apply
	 */
	public @Nullable Object invokeFallback(Context ctx, Throwable error) throws Exception {
		if (this.errorType != null && !this.errorType.isInstance(error)) {
			if (error instanceof Exception exception) {
				throw exception;
			}
			if (error instanceof Error fatal) {
				throw fatal;
			}
			throw new IllegalStateException(error);
		}
		FieldErrors errors = new FieldErrors();
		@Nullable Object[] args = resolve(ctx, errors);
		if (!errors.isEmpty()) {
			throw errors.toError();
		}
		if (this.errorIndex >= 0) {
			args[this.errorIndex] = error;
		}
		return call(args);
	}

	/** Resolves every argument, recording the field errors of all of them. */
	private @Nullable Object[] resolve(Context ctx, FieldErrors errors) throws Exception {
		@Nullable Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolve(ctx, errors);
		}
		return args;
	}

	private @Nullable Object call(@Nullable Object[] args) throws Exception {
		try {
			return (Object) this.invoker.invokeExact((Object[]) args);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return this.method.toGenericString();
	}

}
