package io.github.moleculerspring.annotation.support;

import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.ValueConverter;
import io.github.moleculerspring.error.ValidationError;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.LogicalType;

import org.springframework.util.ClassUtils;

/**
 * Converts call params and event payloads into handler arguments with Jackson, reporting every
 * field that does not convert as a fastest-validator field error rather than only the first.
 *
 * <p>
 * In {@link ParamsCoercion#STRICT strict} mode the application's mapper is rebuilt with Jackson's
 * own switches for strictness: {@code ACCEPT_FLOAT_AS_INT} off, {@code FAIL_ON_NULL_FOR_PRIMITIVES}
 * and {@code FAIL_ON_NUMBERS_FOR_ENUMS} on, {@code ALLOW_COERCION_OF_SCALARS} off, and coercion
 * configs that fail strings, numbers and booleans into one another. Only an integral floating-point
 * value ({@code 2.0}) is still accepted for an integer type: JSON and JavaScript do not tell
 * {@code 2.0} from {@code 2}, and fastest-validator's {@code integer} accepts it.
 *
 * <p>
 * Jackson stops at the first problem. So when a conversion fails, the binder records the field
 * error of that problem, takes the offending value out of (a copy of) the tree (a primitive gets
 * its default), and converts again, until the conversion succeeds or
 * {@value Violations#MAX_VIOLATIONS} errors are found. Jackson does every conversion itself, with
 * the mapper's names, creators and custom deserializers; the binder only reads where it failed.
 * The partly converted value lets Bean Validation check the other fields in the same call.
 */
final class ParamsBinder {

	private static final int MAX_ATTEMPTS = Violations.MAX_VIOLATIONS * 2;

	private final JsonMapper mapper;

	/** Conversions with {@link #mapper}, from any form params take. */
	private final ValueConverter values;

	private final boolean strict;

	ParamsBinder(JsonMapper mapper, ParamsCoercion coercion) {
		this.strict = coercion == ParamsCoercion.STRICT;
		this.mapper = this.strict ? strictMapper(mapper) : mapper;
		this.values = new ValueConverter(this.mapper);
	}

	/**
	 * The mapper, rebuilt to refuse lossy and type-changing coercion.
	 * @param mapper the application's mapper
	 * @return the strict mapper, with the same modules, names and other settings
	 */
	static JsonMapper strictMapper(JsonMapper mapper) {
		return mapper.rebuild()
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.withCoercionConfig(LogicalType.Textual, (config) -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer, (config) -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float, (config) -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean, (config) -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Enum, (config) -> config
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.build();
	}

	/**
	 * Prepares the binding of values to one type.
	 * @param type the type (generics included)
	 * @return the target
	 */
	Target target(Type type) {
		JavaType javaType = this.mapper.constructType(type);
		Class<?> exact = (type instanceof Class<?> cls) ? ClassUtils.resolvePrimitiveIfNecessary(cls)
				: isPlainMap(javaType) ? Map.class : null;
		return new Target(javaType, exact, javaType.getRawClass() == Object.class);
	}

	/**
	 * Whether a type is a {@code Map} that any map fits as it is: {@code Map<String, Object>},
	 * {@code Map<String, ?>}, {@code Map<?, ?>}, so that a local call's map needs no copy.
	 */
	private static boolean isPlainMap(JavaType type) {
		return type.getRawClass() == Map.class && type.getContentType().getRawClass() == Object.class
				&& (type.getKeyType().getRawClass() == Object.class || type.getKeyType().getRawClass() == String.class);
	}

	/**
	 * Converts a value, recording its field errors.
	 * @param raw the value: a JSON tree from the wire or a Java value from a local call
	 * @param target the target type
	 * @param field the field path of the value ({@code ""} for all the params)
	 * @param errors where the field errors go
	 * @param ctx the context, to name the node and action in errors
	 * @return the value; when it did not convert, {@code null} (the default of a primitive) or the
	 * value with the fields that did not convert left out
	 */
	@Nullable Object bind(@Nullable Object raw, Target target, String field, FieldErrors errors, Context ctx) {
		if (target.exact() != null && target.exact().isInstance(raw)) {
			return raw;
		}
		if (target.natural()) {
			return this.values.natural(raw);
		}
		Object value = (raw != null) ? raw : NullNode.getInstance();
		try {
			// straight to the type, from whatever form the params have (a tree, Java values, bytes)
			return this.values.convertParams(value, target.type(), ctx);
		}
		catch (ValidationError ex) {
			return recover(value, target.type(), field, errors, ctx);
		}
	}

	private Object convert(Object value, JavaType type) {
		if (value instanceof JsonNode node) {
			return this.mapper.treeToValue(node, type);
		}
		return this.mapper.convertValue(value, type);
	}

	/**
	 * Converts a value that did not convert again, from a copy of its tree, to find and report
	 * every field that does not convert. Only on this path is a tree built.
	 */
	private @Nullable Object recover(Object raw, JavaType type, String field, FieldErrors errors, Context ctx) {
		JsonNode tree;
		try {
			tree = this.values.toTree(raw);
			if (tree == raw) {
				tree = tree.deepCopy();
			}
		}
		catch (JacksonException | IllegalArgumentException ex) {
			errors.add(Violations.of("type", fieldPath(field, List.of()), null, null, ctx));
			return defaultValue(type);
		}
		try {
			return convert(tree, type);
		}
		catch (JacksonException ex) {
			return recover(tree, type, field, errors, ctx, ex);
		}
		catch (IllegalArgumentException ex) {
			if (ex.getCause() instanceof JacksonException jackson) {
				return recover(tree, type, field, errors, ctx, jackson);
			}
			throw ex;
		}
	}

	private @Nullable Object recover(JsonNode copy, JavaType type, String field, FieldErrors errors, Context ctx,
			JacksonException first) {
		JsonNode tree = copy;
		Set<String> seen = new HashSet<>();
		JacksonException failure = first;
		int reported = 0;
		for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			List<Object> path = path(failure);
			JsonNode parent = navigate(tree, path);
			Object last = path.isEmpty() ? null : path.get(path.size() - 1);
			JsonNode node = (parent != null && last != null) ? child(parent, last) : (path.isEmpty() ? tree : null);
			String fieldPath = fieldPath(field, path);
			boolean integral = this.strict && acceptAsIntegral(failure, node);
			if (!seen.add(fieldPath + (integral ? "~" : ""))) {
				// the same failure again: the conversion makes no progress
				break;
			}
			if (!integral) {
				errors.add(violation(failure, path, node, field, fieldPath, ctx));
				reported++;
			}
			if (integral && path.isEmpty() && node != null) {
				tree = integralNode(node);
			}
			else if (parent == null || last == null || reported >= Violations.MAX_VIOLATIONS) {
				break;
			}
			else {
				patch(parent, last, failure, node, integral);
			}
			try {
				return convert(tree, type);
			}
			catch (JacksonException ex) {
				failure = ex;
			}
		}
		if (reported == 0) {
			// never silently give a default: report the failure that stopped the conversion
			List<Object> path = path(failure);
			JsonNode parent = navigate(tree, path);
			JsonNode node = path.isEmpty() ? tree
					: (parent != null) ? child(parent, path.get(path.size() - 1)) : MissingNode.getInstance();
			errors.add(violation(failure, path, node, field, fieldPath(field, path), ctx));
		}
		return defaultValue(type);
	}

	/** An integral floating-point value for an integer type: {@code 2.0} for an {@code int}. */
	private static boolean acceptAsIntegral(JacksonException failure, @Nullable JsonNode node) {
		if (!(failure instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null
				|| !isInteger(mismatch.getTargetType()) || node == null || !node.isFloatingPointNumber()) {
			return false;
		}
		if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
			return false;
		}
		return node.decimalValue().stripTrailingZeros().scale() <= 0;
	}

	/** Takes the offending value out of the tree, or puts what lets the conversion go on. */
	private static void patch(JsonNode parent, Object last, JacksonException failure, @Nullable JsonNode node,
			boolean integral) {
		JsonNode replacement;
		if (integral && node != null) {
			replacement = integralNode(node);
		}
		else if (failure instanceof UnrecognizedPropertyException) {
			replacement = null;
		}
		else {
			Class<?> target = targetType(failure);
			replacement = (target != null && target.isPrimitive()) ? primitiveDefault(target) : null;
		}
		if (parent instanceof ObjectNode object && last instanceof String name) {
			if (replacement != null) {
				object.set(name, replacement);
			}
			else {
				object.remove(name);
			}
		}
		else if (parent instanceof ArrayNode array && last instanceof Integer index && index < array.size()) {
			array.set(index, (replacement != null) ? replacement : NullNode.getInstance());
		}
	}

	private static JsonNode integralNode(JsonNode node) {
		BigInteger value = node.decimalValue().toBigIntegerExact();
		return (value.bitLength() < 64) ? JsonNodeFactory.instance.numberNode(value.longValue())
				: JsonNodeFactory.instance.numberNode(value);
	}

	private static JsonNode primitiveDefault(Class<?> type) {
		if (type == boolean.class) {
			return JsonNodeFactory.instance.booleanNode(false);
		}
		if (type == char.class) {
			return JsonNodeFactory.instance.textNode(" ");
		}
		return JsonNodeFactory.instance.numberNode(0);
	}

	private static @Nullable Object defaultValue(JavaType type) {
		Class<?> raw = type.getRawClass();
		if (!raw.isPrimitive()) {
			return null;
		}
		if (raw == boolean.class) {
			return false;
		}
		if (raw == char.class) {
			return '\0';
		}
		if (raw == double.class) {
			return 0d;
		}
		if (raw == float.class) {
			return 0f;
		}
		if (raw == long.class) {
			return 0L;
		}
		if (raw == short.class) {
			return (short) 0;
		}
		if (raw == byte.class) {
			return (byte) 0;
		}
		return 0;
	}

	/** The path of a failure: property names and indexes from the root of the conversion. */
	private static List<Object> path(JacksonException failure) {
		List<Object> path = new ArrayList<>();
		for (JacksonException.Reference reference : failure.getPath()) {
			if (reference.getPropertyName() != null) {
				path.add(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.add(reference.getIndex());
			}
		}
		return path;
	}

	/** The node that holds the last element of the path, or {@code null} when there is none. */
	private static @Nullable JsonNode navigate(JsonNode tree, List<Object> path) {
		if (path.isEmpty()) {
			return null;
		}
		JsonNode current = tree;
		for (int i = 0; i < path.size() - 1; i++) {
			current = child(current, path.get(i));
			if (current == null) {
				return null;
			}
		}
		return (current.isObject() || current.isArray()) ? current : null;
	}

	private static @Nullable JsonNode child(JsonNode node, Object segment) {
		if (segment instanceof String name && node.isObject()) {
			return node.get(name);
		}
		if (segment instanceof Integer index && node.isArray()) {
			return node.get(index);
		}
		return null;
	}

	private static String fieldPath(String field, List<Object> path) {
		StringBuilder builder = new StringBuilder(field);
		for (Object segment : path) {
			if (segment instanceof Integer index) {
				builder.append('[').append(index).append(']');
			}
			else {
				if (builder.length() > 0) {
					builder.append('.');
				}
				builder.append(segment);
			}
		}
		return (builder.length() > 0) ? builder.toString() : "params";
	}

	private static @Nullable Class<?> targetType(JacksonException failure) {
		if (failure instanceof MismatchedInputException mismatch) {
			return mismatch.getTargetType();
		}
		if (failure instanceof InputCoercionException coercion) {
			return coercion.getTargetType();
		}
		if (failure instanceof ValueInstantiationException instantiation && instantiation.getType() != null) {
			return instantiation.getType().getRawClass();
		}
		return null;
	}

	/** The field error of one failure, named as fastest-validator names the rule it breaks. */
	private ValidationError.Violation violation(JacksonException failure, List<Object> path,
			@Nullable JsonNode node, String baseField, String field, Context ctx) {
		if (failure instanceof UnrecognizedPropertyException unknown) {
			String objectField = fieldPath(baseField, path.subList(0, Math.max(0, path.size() - 1)));
			return Violations.of("objectStrict", objectField, unknown.getPropertyName(), null, ctx);
		}
		if (failure instanceof ValueInstantiationException instantiation) {
			Throwable cause = instantiation.getCause();
			String reason = (cause instanceof IllegalArgumentException && cause.getMessage() != null)
					? cause.getMessage() : null;
			return Violations.of("object", field,
					(reason != null) ? "The '" + field + "' field is invalid: " + reason
							: "The '" + field + "' field has an invalid value.",
					node, null, ctx);
		}
		if (node == null || node.isNull() || node.isMissingNode()) {
			return Violations.of("required", field, null, null, ctx);
		}
		Class<?> target = targetType(failure);
		if (target == null) {
			return Violations.of("type", field, node, null, ctx);
		}
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(target);
		if (isInteger(target)) {
			if (node.isIntegralNumber()) {
				boolean tooBig = node.bigIntegerValue().signum() > 0;
				return Violations.of(tooBig ? "numberMax" : "numberMin", field, node, bound(type, tooBig), ctx);
			}
			return Violations.of(node.isNumber() ? "numberInteger" : "number", field, node, null, ctx);
		}
		if (Number.class.isAssignableFrom(type)) {
			return Violations.of("number", field, node, null, ctx);
		}
		if (type == Boolean.class) {
			return Violations.of("boolean", field, node, null, ctx);
		}
		if (type == String.class || type == Character.class || CharSequence.class.isAssignableFrom(type)) {
			return Violations.of("string", field, node, null, ctx);
		}
		if (type.isEnum()) {
			return Violations.of("enumValue", field, node, enumValues(type), ctx);
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type)) {
			return Violations.of("array", field, node, null, ctx);
		}
		if (type == UUID.class) {
			return Violations.of(node.isString() ? "uuid" : "string", field, node, null, ctx);
		}
		if (type.getName().startsWith("java.time.") || java.util.Date.class.isAssignableFrom(type)) {
			return Violations.of("date", field, node, null, ctx);
		}
		if (type == java.net.URI.class || type == java.net.URL.class) {
			return Violations.of(node.isString() ? "url" : "string", field, node, null, ctx);
		}
		if (Map.class.isAssignableFrom(type) || !ClassUtils.isSimpleValueType(type)) {
			return Violations.of("object", field, node, null, ctx);
		}
		return Violations.of(node.isString() ? "type" : "string", field, node, null, ctx);
	}

	private String enumValues(Class<?> type) {
		List<String> values = new ArrayList<>();
		for (Object constant : type.getEnumConstants()) {
			Object value;
			try {
				value = this.mapper.convertValue(constant, Object.class);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				value = ((Enum<?>) constant).name();
			}
			values.add(String.valueOf(value));
		}
		return String.join(", ", values);
	}

	private static boolean isInteger(Class<?> type) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		return boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == BigInteger.class;
	}

	private static Number bound(Class<?> type, boolean max) {
		if (type == Byte.class) {
			return max ? Byte.MAX_VALUE : Byte.MIN_VALUE;
		}
		if (type == Short.class) {
			return max ? Short.MAX_VALUE : Short.MIN_VALUE;
		}
		if (type == Integer.class) {
			return max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
		}
		return max ? Long.MAX_VALUE : Long.MIN_VALUE;
	}

	/**
	 * A type to bind to.
	 * @param type the Jackson type
	 * @param exact the class a value may already be (boxed), so that it needs no conversion, or
	 * {@code null} for a generic type
	 * @param natural whether the type is {@code Object}: plain Java values
	 */
	record Target(JavaType type, @Nullable Class<?> exact, boolean natural) {
	}

}
