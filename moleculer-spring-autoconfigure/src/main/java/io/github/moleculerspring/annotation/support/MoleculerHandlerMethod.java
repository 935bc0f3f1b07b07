package io.github.moleculerspring.annotation.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * An annotated handler method bound to its bean: it resolves the arguments from the
 * {@link Context}, validates them, and invokes the method. Exceptions thrown by the method
 * propagate unwrapped, so the broker passes Moleculer errors through and turns anything else into
 * a {@code MoleculerServerError}.
 */
public final class MoleculerHandlerMethod {

	private final Object bean;

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final ParamsValidator.@Nullable ArgumentsValidation validation;

	private final @Nullable Map<String, Object> paramsSchema;

	MoleculerHandlerMethod(Object bean, Method method, ArgumentResolver[] resolvers,
			ParamsValidator.@Nullable ArgumentsValidation validation, @Nullable Map<String, Object> paramsSchema) {
		this.bean = bean;
		this.method = method;
		this.resolvers = resolvers;
		this.validation = validation;
		this.paramsSchema = paramsSchema;
		ReflectionUtils.makeAccessible(method);
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
		Object[] args = new Object[this.resolvers.length];
		for (int i = 0; i < args.length; i++) {
			args[i] = this.resolvers[i].resolve(ctx);
		}
		if (this.validation != null) {
			this.validation.validate(args, ctx);
		}
		try {
			return this.method.invoke(this.bean, args);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	@Override
	public String toString() {
		return this.method.toGenericString();
	}

}
