package io.github.moleculerspring.context;

import java.lang.reflect.Type;
import java.util.List;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.MoleculerError;
import io.github.moleculerspring.error.ValidationError;
import io.github.moleculerspring.protocol.Packets;
import io.github.moleculerspring.protocol.RawJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Converts parameters, results and payloads between the caller's Java values, values from the wire
 * ({@link RawJson} spans, bound straight from their bytes without a tree; JSON trees), and the
 * types handlers ask for, with the application's {@link JsonMapper}. A value that
 * does not convert into the parameter type is the caller's fault: a {@link ValidationError} (422)
 * naming the field.
 */
public final class ValueConverter {

	private final JsonMapper mapper;

	public ValueConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Converts the whole parameters to a type.
	 * @param <T> the type
	 * @param params the parameters (a Java value or a JSON tree)
	 * @param type the target type
	 * @param ctx the context, to name the action and caller in errors
	 * @return the converted value
	 * @throws ValidationError when the parameters do not convert
	 */
	@SuppressWarnings("unchecked")
	public <T> T convertParams(@Nullable Object params, Type type, Context ctx) {
		if (type instanceof Class<?> cls && cls.isInstance(params)) {
			// A span off the wire is not shown as such: Object (or JsonNode's supertypes) get the tree, as before.
			return (T) ((params instanceof RawJson) ? ctx.params() : params);
		}
		try {
			return convert((params != null) ? params : NullNode.getInstance(), this.mapper.constructType(type));
		}
		catch (JacksonException ex) {
			throw validation(ex, null, ctx);
		}
	}

	/**
	 * Converts one parameter value.
	 * @param <T> the type
	 * @param value the raw value
	 * @param name the parameter name
	 * @param type the target type
	 * @param ctx the context
	 * @return the converted value
	 * @throws ValidationError naming the field when it does not convert
	 */
	@SuppressWarnings("unchecked")
	public <T> T convertParam(Object value, String name, Type type, Context ctx) {
		if (type == Object.class) {
			return (T) natural(value);
		}
		if (type instanceof Class<?> cls && cls.isInstance(value)) {
			return (T) value;
		}
		try {
			return convert(value, this.mapper.constructType(type));
		}
		catch (JacksonException ex) {
			throw validation(ex, name, ctx);
		}
	}

	/**
	 * Converts a call result to the type the caller asked for.
	 * @param <T> the type
	 * @param value the result (a Java value or a JSON tree)
	 * @param type the type
	 * @return the converted result
	 * @throws MoleculerError when the result does not convert
	 */
	@SuppressWarnings("unchecked")
	public <T> T convertResult(@Nullable Object value, Type type) {
		if (value == null || Packets.isAbsent(value)) {
			return null;
		}
		if (type instanceof Class<?> cls) {
			if (cls.isInstance(value)) {
				return (T) ((value instanceof RawJson raw) ? raw.tree() : value);
			}
			if (cls == Object.class) {
				return (T) natural(value);
			}
		}
		try {
			return convert(value, this.mapper.constructType(type));
		}
		catch (JacksonException ex) {
			throw new MoleculerError("The result cannot be converted to " + type.getTypeName() + ": "
					+ ex.getOriginalMessage(), 500, "INVALID_RESULT", null);
		}
	}

	/**
	 * Turns a JSON tree into plain Java values (maps, lists, strings, numbers, booleans); other values
	 * are returned as they are.
	 * @param value the value
	 * @return the plain value
	 */
	public @Nullable Object natural(@Nullable Object value) {
		if (value instanceof RawJson raw) {
			return (raw.firstByte() == 'n') ? null
					: this.mapper.readValue(raw.bytes(), raw.offset(), raw.length(), Object.class);
		}
		if (value instanceof JsonNode node) {
			if (node.isMissingNode() || node.isNull()) {
				return null;
			}
			return this.mapper.treeToValue(node, Object.class);
		}
		return value;
	}

	/**
	 * The value as a JSON tree.
	 * @param value the value
	 * @return the tree
	 */
	public JsonNode toTree(@Nullable Object value) {
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof RawJson raw) {
			return raw.tree();
		}
		return (value == null) ? NullNode.getInstance() : this.mapper.valueToTree(value);
	}

	@SuppressWarnings("unchecked")
	private <T> T convert(Object value, JavaType type) {
		if (value instanceof RawJson raw) {
			return this.mapper.readValue(raw.bytes(), raw.offset(), raw.length(), type);
		}
		if (value instanceof JsonNode node) {
			return (T) this.mapper.treeToValue(node, type);
		}
		try {
			return (T) this.mapper.convertValue(value, type);
		}
		catch (IllegalArgumentException ex) {
			if (ex.getCause() instanceof JacksonException jackson) {
				throw jackson;
			}
			throw ex;
		}
	}

	private static ValidationError validation(JacksonException ex, @Nullable String name, Context ctx) {
		StringBuilder field = new StringBuilder((name != null) ? name : "");
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				if (field.length() > 0) {
					field.append('.');
				}
				field.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		String fieldName = (field.length() > 0) ? field.toString() : "params";
		String message = "The '" + fieldName + "' field has an invalid value: " + firstLine(ex.getOriginalMessage());
		ValidationError.Violation violation = new ValidationError.Violation("type", fieldName, message)
			.withOrigin(ctx.nodeID(), ctx.action());
		return ValidationError.of("Parameters validation error!", List.of(violation));
	}

	private static String firstLine(@Nullable String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		return (newline < 0) ? text : text.substring(0, newline);
	}

}
