package io.github.moleculerspring.annotation.support;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import io.github.moleculerspring.annotation.Meta;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.util.ClassUtils;

/**
 * Turns annotated methods into {@link MoleculerHandlerMethod}s: it checks the signature once at
 * startup, binds each parameter to its resolution (an application's {@link ArgumentResolver}
 * first, else a built-in binding), prepares the validation, and derives the params schema of
 * actions.
 *
 * <p>
 * An action method may take the {@link Context}, {@link Param @Param} values, {@link Meta @Meta}
 * values, and at most one unannotated parameter that receives all the params: a record, a bean, a
 * {@code Map}, a {@code JsonNode} or {@code Object}. An event method may take the {@code Context},
 * {@code @Meta} values and {@code @Param} values, and at most one unannotated parameter of any type
 * that receives the payload. A fallback method takes what an action takes, plus at most one
 * parameter that receives the error. Signatures that break these rules are rejected with an
 * {@link IllegalStateException} that explains why.
 *
 * <p>
 * Values convert {@link ParamsCoercion strictly} unless the factory is created lenient, and the
 * resolvers do not stop at the first bad value: the field errors of every argument, and the Bean
 * Validation violations of the fields that did convert, fail the call together as one
 * {@code ValidationError}.
 */
public final class MoleculerHandlerMethodFactory {

	private final ParameterNameDiscoverer parameterNameDiscoverer = new DefaultParameterNameDiscoverer();

	private final ParamsSchemaGenerator schemaGenerator;

	private final ParamsBinder binder;

	private final @Nullable ParamsValidator validator;

	private final List<ArgumentResolver> argumentResolvers;

	/**
	 * Creates a factory that converts arguments {@link ParamsCoercion#STRICT strictly}.
	 * @param mapper the broker's JSON mapper, whose property names the params schema uses
	 * @param validator the validator of arguments, or {@code null} for no validation
	 */
	public MoleculerHandlerMethodFactory(JsonMapper mapper, @Nullable ParamsValidator validator) {
		this(mapper, validator, ParamsCoercion.STRICT);
	}

	/**
	 * Creates a factory.
	 * @param mapper the broker's JSON mapper, which converts arguments and whose property names the
	 * params schema uses
	 * @param validator the validator of arguments, or {@code null} for no validation
	 * @param coercion how values are converted into argument types
	 */
	public MoleculerHandlerMethodFactory(JsonMapper mapper, @Nullable ParamsValidator validator,
			ParamsCoercion coercion) {
		this(mapper, validator, coercion, List.of());
	}

	/**
	 * Creates a factory that asks the application's resolvers first.
	 * @param mapper the broker's JSON mapper, which converts arguments and whose property names the
	 * params schema uses
	 * @param validator the validator of arguments, or {@code null} for no validation
	 * @param coercion how values are converted into argument types
	 * @param argumentResolvers the application's resolvers, in the order they are asked, before the
	 * built-in bindings
	 */
	public MoleculerHandlerMethodFactory(JsonMapper mapper, @Nullable ParamsValidator validator,
			ParamsCoercion coercion, List<ArgumentResolver> argumentResolvers) {
		this.schemaGenerator = new ParamsSchemaGenerator(mapper);
		this.binder = new ParamsBinder(mapper, coercion);
		this.validator = validator;
		this.argumentResolvers = List.copyOf(argumentResolvers);
	}

	/**
	 * Creates the handler of an action method.
	 * @param bean the bean (possibly a proxy)
	 * @param method the method, as invocable on the bean
	 * @param targetClass the user class of the bean, to resolve generics
	 * @return the handler method, with its derived params schema
	 * @throws IllegalStateException when the signature is not supported
	 */
	public MoleculerHandlerMethod createActionMethod(Object bean, Method method, Class<?> targetClass) {
		return create(bean, method, targetClass, Kind.ACTION);
	}

	/**
	 * Creates the handler of an event method.
	 * @param bean the bean (possibly a proxy)
	 * @param method the method, as invocable on the bean
	 * @param targetClass the user class of the bean, to resolve generics
	 * @return the handler method
	 * @throws IllegalStateException when the signature is not supported
	 */
	public MoleculerHandlerMethod createEventMethod(Object bean, Method method, Class<?> targetClass) {
		return create(bean, method, targetClass, Kind.EVENT);
	}

	/**
	 * Creates the fallback of an action method: a method that takes the same kinds of parameters as
	 * an action, plus at most one parameter that receives the error, and returns a value the action
	 * could return. Invoke it with {@link MoleculerHandlerMethod#invokeFallback}.
	 * @param bean the bean (possibly a proxy)
	 * @param method the fallback method, as invocable on the bean
	 * @param action the action method it stands in for
	 * @param targetClass the user class of the bean, to resolve generics
	 * @return the fallback method, without validation of its arguments
	 * @throws IllegalStateException when the signature or the return type does not fit
	 */
	public MoleculerHandlerMethod createFallbackMethod(Object bean, Method method, Method action,
			Class<?> targetClass) {
		checkFallbackReturnType(method, action, targetClass);
		return create(bean, method, targetClass, Kind.FALLBACK);
	}

	private MoleculerHandlerMethod create(Object bean, Method method, Class<?> targetClass, Kind kind) {
		boolean action = kind != Kind.EVENT;
		int count = method.getParameterCount();
		ParameterResolver[] resolvers = new ParameterResolver[count];
		Map<Integer, String> paramNames = new LinkedHashMap<>();
		Map<String, Object> schema = new LinkedHashMap<>();
		int paramsIndex = -1;
		Type paramsType = null;
		int errorIndex = -1;
		for (int i = 0; i < count; i++) {
			MethodParameter parameter = new SynthesizingMethodParameter(method, i).withContainingClass(targetClass);
			parameter.initParameterNameDiscovery(this.parameterNameDiscoverer);
			ParameterResolver custom = customResolver(parameter);
			if (custom != null) {
				resolvers[i] = custom;
				continue;
			}
			Param param = parameter.getParameterAnnotation(Param.class);
			Meta meta = parameter.getParameterAnnotation(Meta.class);
			if (param != null && meta != null) {
				throw new IllegalStateException(describe(parameter) + " cannot have both @Param and @Meta");
			}
			if (param != null) {
				ValueBinding binding = valueBinding(parameter, param.name(), "@Param", param.required());
				resolvers[i] = paramResolver(binding);
				paramNames.put(i, binding.name());
				schema.put(binding.name(), this.schemaGenerator.valueSchema(binding.valueType(), !binding.required(),
						parameter.getParameterAnnotations()));
			}
			else if (meta != null) {
				resolvers[i] = metaResolver(parameter, meta);
			}
			else if (parameter.getParameterType() == Context.class) {
				resolvers[i] = (ctx, errors) -> ctx;
			}
			else if (kind == Kind.FALLBACK && Throwable.class.isAssignableFrom(parameter.getParameterType())) {
				if (errorIndex >= 0) {
					throw new IllegalStateException("Only one parameter may receive the error, but "
							+ describe(new MethodParameter(method, errorIndex)) + " and " + describe(parameter)
							+ " do");
				}
				checkErrorType(parameter);
				errorIndex = i;
				resolvers[i] = (ctx, errors) -> null;
			}
			else {
				if (paramsIndex >= 0) {
					throw new IllegalStateException("Only one parameter may be unannotated (it receives "
							+ (action ? "all the params" : "the event payload") + "), but "
							+ describe(new MethodParameter(method, paramsIndex)) + " and " + describe(parameter)
							+ " are; annotate the others with @Param or @Meta");
				}
				paramsIndex = i;
				paramsType = resolveType(parameter);
				if (action) {
					checkParamsType(parameter);
					resolvers[i] = paramsResolver(paramsType);
				}
				else {
					resolvers[i] = payloadResolver(paramsType);
				}
			}
		}
		Map<String, Object> paramsSchema = null;
		if (kind == Kind.ACTION) {
			Map<String, Object> merged = new LinkedHashMap<>();
			if (paramsType != null) {
				merged.putAll(this.schemaGenerator.propertiesSchema(paramsType));
			}
			merged.putAll(schema);
			paramsSchema = merged.isEmpty() ? null : merged;
		}
		ParamsValidator.ArgumentsValidation validation = (this.validator != null && kind != Kind.FALLBACK)
				? this.validator.prepare(bean, method, paramsIndex, paramNames) : null;
		return new MoleculerHandlerMethod(bean, method, resolvers, validation, paramsSchema, errorIndex);
	}

	/** The first application resolver that supports the parameter, bound to it, or {@code null}. */
	private @Nullable ParameterResolver customResolver(MethodParameter parameter) {
		for (ArgumentResolver resolver : this.argumentResolvers) {
			if (resolver.supportsParameter(parameter)) {
				return (ctx, errors) -> resolver.resolveArgument(parameter, ctx);
			}
		}
		return null;
	}

	/**
	 * Checks that the error parameter of a fallback can receive what fallbacks get: a
	 * {@code MoleculerError}, or one of its subtypes to handle only those.
	 */
	private static void checkErrorType(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		if (!type.isAssignableFrom(MoleculerError.class) && !MoleculerError.class.isAssignableFrom(type)) {
			throw new IllegalStateException(describe(parameter) + " of type " + type.getName()
					+ " never receives the error, which is always a MoleculerError (other exceptions become a "
					+ "MoleculerServerError); declare Throwable, Exception, MoleculerError or a subtype of "
					+ "MoleculerError");
		}
	}

	/**
	 * Checks that a fallback returns what its action may return: nothing for an action that returns
	 * nothing, otherwise a value (or a {@code CompletionStage} of one) assignable to the action's.
	 */
	private static void checkFallbackReturnType(Method fallback, Method action, Class<?> targetClass) {
		Class<?> expected = valueType(action, targetClass);
		Class<?> actual = valueType(fallback, targetClass);
		boolean expectsNothing = expected == void.class || expected == Void.class;
		boolean returnsNothing = actual == void.class || actual == Void.class;
		if (expectsNothing ? !returnsNothing : (returnsNothing || !ClassUtils.isAssignable(expected, actual))) {
			throw new IllegalStateException("its return type "
					+ ResolvableType.forMethodReturnType(fallback, targetClass) + " does not fit the action's "
					+ ResolvableType.forMethodReturnType(action, targetClass) + "; return "
					+ (expectsNothing ? "nothing" : expected.getName() + " or a CompletionStage of it"));
		}
	}

	/** The type of the value a method produces, looking into a {@code CompletionStage}. */
	private static Class<?> valueType(Method method, Class<?> targetClass) {
		ResolvableType type = ResolvableType.forMethodReturnType(method, targetClass);
		if (CompletionStage.class.isAssignableFrom(type.toClass())) {
			return type.as(CompletionStage.class).getGeneric(0).toClass();
		}
		return type.toClass();
	}

	private ValueBinding valueBinding(MethodParameter parameter, String name, String annotation,
			boolean requiredAttribute) {
		if (name.isEmpty()) {
			throw new IllegalStateException(describe(parameter) + " has " + annotation
					+ " without a name; name it, as in " + annotation + "(\"" + parameterName(parameter) + "\")");
		}
		Type type = resolveType(parameter);
		boolean optionalWrapper = parameter.getParameterType() == Optional.class;
		Type valueType = optionalWrapper ? optionalContent(type) : type;
		boolean required = requiredAttribute && !parameter.isOptional();
		if (!required && parameter.getParameterType().isPrimitive()) {
			throw new IllegalStateException(describe(parameter) + " is optional but primitive; use "
					+ parameter.getParameterType().getName() + "'s wrapper type or Optional");
		}
		Class<?> primitive = parameter.getParameterType().isPrimitive() ? parameter.getParameterType() : null;
		return new ValueBinding(name, valueType, required, optionalWrapper, primitive);
	}

	private ParameterResolver paramResolver(ValueBinding binding) {
		ParamsBinder.Target target = this.binder.target(binding.valueType());
		String name = binding.name();
		return (ctx, errors) -> {
			Object raw = rawParam(ctx, name);
			if (raw == null) {
				return binding.missing(name, ctx, errors);
			}
			int before = errors.size();
			Object value = this.binder.bind(raw, target, name, errors, ctx);
			return binding.wrap(value, errors.size() > before, name, ctx, errors);
		};
	}

	/** The raw value of one param: a JSON tree node or a Java value, {@code null} when missing. */
	private static @Nullable Object rawParam(Context ctx, String name) {
		Object params = ctx.params();
		if (params == null) {
			return null;
		}
		if (params instanceof JsonNode node) {
			JsonNode child = node.isObject() ? node.get(name) : null;
			return (child == null || child.isNull() || child.isMissingNode()) ? null : child;
		}
		if (params instanceof Map<?, ?> map) {
			return map.get(name);
		}
		return ctx.param(name, JsonNode.class);
	}

	private ParameterResolver metaResolver(MethodParameter parameter, Meta meta) {
		if (meta.name().isEmpty()) {
			if (Map.class.isAssignableFrom(parameter.getParameterType())) {
				return (ctx, errors) -> ctx.meta();
			}
			throw new IllegalStateException(describe(parameter) + " has @Meta without a name; name the meta key, "
					+ "or declare a Map parameter to receive the whole meta");
		}
		ValueBinding binding = valueBinding(parameter, meta.name(), "@Meta",
				meta.required() || parameter.getParameterType().isPrimitive());
		ParamsBinder.Target target = this.binder.target(binding.valueType());
		String field = "meta." + binding.name();
		return (ctx, errors) -> {
			Object raw = ctx.meta().get(binding.name());
			if (raw == null) {
				return binding.missing(field, ctx, errors);
			}
			int before = errors.size();
			Object value = this.binder.bind(raw, target, field, errors, ctx);
			return binding.wrap(value, errors.size() > before, field, ctx, errors);
		};
	}

	private ParameterResolver paramsResolver(Type type) {
		if (type == Object.class) {
			return (ctx, errors) -> ctx.broker().values().natural(ctx.params());
		}
		ParamsBinder.Target target = this.binder.target(type);
		ParamsBinder binder = this.binder;
		return (ctx, errors) -> {
			Object raw = ctx.params();
			if (raw != null) {
				int before = errors.size();
				Object value = binder.bind(raw, target, "", errors, ctx);
				if (value != null || errors.size() > before) {
					return value;
				}
			}
			// no params, or JSON null: bind as no params at all
			return binder.bind(new LinkedHashMap<String, Object>(), target, "", errors, ctx);
		};
	}

	private ParameterResolver payloadResolver(Type type) {
		if (type == Object.class) {
			return (ctx, errors) -> ctx.broker().values().natural(ctx.params());
		}
		ParamsBinder.Target target = this.binder.target(type);
		return (ctx, errors) -> this.binder.bind(ctx.params(), target, "", errors, ctx);
	}

	private static void checkParamsType(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		if (BeanUtils.isSimpleValueType(type) || type.isArray() || Collection.class.isAssignableFrom(type)
				|| type == Optional.class || CompletionStage.class.isAssignableFrom(type)
				|| Future.class.isAssignableFrom(type)) {
			throw new IllegalStateException(describe(parameter) + " of type " + type.getName()
					+ " cannot receive all the params (an object); annotate it with @Param(\"" + parameterName(parameter)
					+ "\") or use a record, a bean, a Map or a JsonNode");
		}
	}

	private static Type resolveType(MethodParameter parameter) {
		return GenericTypeResolver.resolveType(parameter.getGenericParameterType(), parameter.getContainingClass());
	}

	private static Type optionalContent(Type type) {
		if (type instanceof ParameterizedType parameterized) {
			return parameterized.getActualTypeArguments()[0];
		}
		return Object.class;
	}

	private static String parameterName(MethodParameter parameter) {
		String name = parameter.getParameterName();
		return (name != null) ? name : "arg" + parameter.getParameterIndex();
	}

	private static String describe(MethodParameter parameter) {
		return "parameter " + parameter.getParameterIndex() + " ('" + parameterName(parameter) + "')";
	}

	/** What a method is created for. */
	private enum Kind {

		ACTION, EVENT, FALLBACK

	}

	/**
	 * How one named value ({@code @Param} or {@code @Meta}) binds.
	 * @param name the parameter or meta key
	 * @param valueType the type to convert to ({@code Optional}'s content for {@code Optional})
	 * @param required whether a missing value fails the call
	 * @param optionalWrapper whether the argument is an {@code Optional}
	 * @param primitive the primitive type of the argument, or {@code null}
	 */
	private record ValueBinding(String name, Type valueType, boolean required, boolean optionalWrapper,
			@Nullable Class<?> primitive) {

		/** The argument of a missing value; a {@code required} error when it is required. */
		@Nullable Object missing(String field, Context ctx, FieldErrors errors) {
			if (this.required) {
				errors.add(Violations.of("required", field, null, null, ctx));
				return primitiveDefault();
			}
			return this.optionalWrapper ? Optional.empty() : null;
		}

		/** The argument of a converted value, or of a value that did not convert. */
		@Nullable Object wrap(@Nullable Object value, boolean failed, String field, Context ctx, FieldErrors errors) {
			if (failed) {
				return this.optionalWrapper ? Optional.empty() : primitiveDefault();
			}
			if (value == null) {
				return missing(field, ctx, errors);
			}
			return this.optionalWrapper ? Optional.of(value) : value;
		}

		private @Nullable Object primitiveDefault() {
			return (this.primitive != null) ? java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(
					this.primitive, 1), 0) : null;
		}

	}

}
