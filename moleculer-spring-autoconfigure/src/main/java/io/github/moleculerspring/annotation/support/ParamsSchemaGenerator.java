package io.github.moleculerspring.annotation.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.BeanUtils;
import org.springframework.core.Nullness;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Derives a params schema in fastest-validator syntax from Java types, so that Moleculer.js tools
 * (API gateways, REPL, documentation generators) see what an action expects.
 *
 * <p>
 * Types map to {@code string}, {@code number} (with {@code integer: true} for {@code byte},
 * {@code short}, {@code int}, {@code long} and {@code BigInteger}), {@code boolean}, {@code enum} (with its
 * {@code values}), {@code array} (with its {@code items}), {@code object} and {@code any}. Records
 * and beans become {@code object} with {@code props}, their properties named as the broker's JSON
 * mapper names them, for two levels; deeper objects have no {@code props}. Some Bean Validation
 * constraints add their rule ({@code min}, {@code max}, {@code empty}, {@code pattern},
 * {@code positive}, {@code negative}, {@code min: 0} for {@code @PositiveOrZero}, {@code max: 0} for
 * {@code @NegativeOrZero}, type {@code email}); they are recognized by their simple
 * name, so no Bean Validation API is needed.
 *
 * <p>
 * A property is {@code optional} unless its type is primitive or it carries {@code @NotNull},
 * {@code @NotEmpty} or {@code @NotBlank}; {@code Optional} and {@code @Nullable} properties are
 * always optional. A {@code @Param} value is optional exactly when the handler accepts it missing.
 * {@code convert} is never set: arguments are converted {@link ParamsCoercion strictly} by
 * default, so a caller that validates with the published schema accepts what the handler accepts.
 */
final class ParamsSchemaGenerator {

	private static final int MAX_OBJECT_DEPTH = 2;

	private static final Set<String> NOT_NULL = Set.of("NotNull", "NotEmpty", "NotBlank");

	private final JsonMapper mapper;

	ParamsSchemaGenerator(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * The schema of each property of the object that receives all the params.
	 * @param type the type of that object
	 * @return the property schemas by name; empty for maps, trees and {@code Object}
	 */
	Map<String, Object> propertiesSchema(Type type) {
		JavaType javaType = this.mapper.constructType(type);
		if (!"object".equals(kind(javaType)) || !isBean(javaType)) {
			return Collections.emptyMap();
		}
		return properties(javaType, 0);
	}

	/**
	 * The schema of one value.
	 * @param type the type
	 * @param optional whether the value may be missing
	 * @param annotations the annotations of the value's declaration
	 * @return the schema
	 */
	Map<String, Object> valueSchema(Type type, boolean optional, Annotation[] annotations) {
		return schema(this.mapper.constructType(type), optional, Arrays.asList(annotations), 0);
	}

	private Map<String, Object> schema(JavaType type, boolean optional, Collection<Annotation> annotations,
			int depth) {
		JavaType valueType = type;
		boolean isOptional = optional;
		if (valueType.isReferenceType() && valueType.getReferencedType() != null) {
			valueType = valueType.getReferencedType();
			isOptional = true;
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		String kind = kind(valueType);
		schema.put("type", kind);
		switch (kind) {
			case "number" -> {
				if (isInteger(valueType.getRawClass())) {
					schema.put("integer", true);
				}
			}
			case "enum" -> schema.put("values", enumValues(valueType.getRawClass()));
			case "array" -> {
				JavaType content = valueType.getContentType();
				if (content != null && content.getRawClass() != Object.class) {
					schema.put("items", schema(content, false, List.of(), depth));
				}
			}
			case "object" -> {
				if (isBean(valueType) && depth < MAX_OBJECT_DEPTH) {
					schema.put("props", properties(valueType, depth + 1));
				}
			}
			default -> {
			}
		}
		addConstraints(schema, kind, annotations);
		if (isOptional) {
			schema.put("optional", true);
		}
		return schema;
	}

	private Map<String, Object> properties(JavaType type, int depth) {
		BeanDescription description;
		try {
			description = this.mapper._deserializationContext().introspectBeanDescription(type);
		}
		catch (RuntimeException ex) {
			// a type Jackson cannot introspect: publish the object without its properties
			return Collections.emptyMap();
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		for (BeanPropertyDefinition property : description.findProperties()) {
			if (!property.couldDeserialize()) {
				continue;
			}
			List<Annotation> annotations = annotations(property);
			boolean required = property.getRawPrimaryType().isPrimitive() || hasNotNullConstraint(annotations);
			boolean optional = !required || isNullable(property, annotations);
			properties.put(property.getName(), schema(property.getPrimaryType(), optional, annotations, depth));
		}
		return properties;
	}

	private static String kind(JavaType type) {
		Class<?> raw = type.getRawClass();
		if (raw == boolean.class || raw == Boolean.class) {
			return "boolean";
		}
		if (Number.class.isAssignableFrom(raw) || (raw.isPrimitive() && raw != char.class && raw != void.class)) {
			return "number";
		}
		if (raw.isEnum()) {
			return "enum";
		}
		if (raw == byte[].class || raw == char[].class) {
			return "string";
		}
		if (ObjectNode.class.isAssignableFrom(raw) || type.isMapLikeType()) {
			return "object";
		}
		if (ArrayNode.class.isAssignableFrom(raw) || type.isCollectionLikeType() || type.isArrayType()) {
			return "array";
		}
		if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
			return "any";
		}
		if (BeanUtils.isSimpleValueType(raw) || ClassUtils.isAssignable(CharSequence.class, raw)
				|| raw.getName().startsWith("java.time.")) {
			return "string";
		}
		return "object";
	}

	private static boolean isInteger(Class<?> type) {
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
		return boxed == Integer.class || boxed == Long.class || boxed == Short.class || boxed == Byte.class
				|| boxed == java.math.BigInteger.class || boxed == java.util.concurrent.atomic.AtomicInteger.class
				|| boxed == java.util.concurrent.atomic.AtomicLong.class;
	}

	private static boolean isBean(JavaType type) {
		Class<?> raw = type.getRawClass();
		return !type.isMapLikeType() && !JsonNode.class.isAssignableFrom(raw) && raw != Object.class
				&& !raw.isInterface();
	}

	private List<Object> enumValues(Class<?> enumType) {
		List<Object> values = new ArrayList<>();
		for (Object constant : enumType.getEnumConstants()) {
			Object value;
			try {
				value = this.mapper.convertValue(constant, Object.class);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				value = ((Enum<?>) constant).name();
			}
			values.add((value != null) ? value : ((Enum<?>) constant).name());
		}
		return values;
	}

	private static List<Annotation> annotations(BeanPropertyDefinition property) {
		List<Annotation> annotations = new ArrayList<>();
		addAnnotations(annotations, property.getField());
		addAnnotations(annotations, property.getGetter());
		addAnnotations(annotations, property.getSetter());
		addAnnotations(annotations, property.getConstructorParameter());
		return annotations;
	}

	private static void addAnnotations(List<Annotation> annotations, @Nullable Annotated member) {
		if (member != null) {
			member.annotations().forEach(annotations::add);
			AnnotatedElement element = member.getAnnotated();
			if (element != null) {
				annotations.addAll(Arrays.asList(element.getAnnotations()));
			}
		}
	}

	private static boolean hasNotNullConstraint(Collection<Annotation> annotations) {
		for (Annotation annotation : annotations) {
			if (NOT_NULL.contains(annotation.annotationType().getSimpleName())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isNullable(BeanPropertyDefinition property, Collection<Annotation> annotations) {
		for (Annotation annotation : annotations) {
			if ("Nullable".equals(annotation.annotationType().getSimpleName())) {
				return true;
			}
		}
		Field field = (property.getField() != null) ? property.getField().getAnnotated() : null;
		return field != null && Nullness.forField(field) == Nullness.NULLABLE;
	}

	private static void addConstraints(Map<String, Object> schema, String kind, Collection<Annotation> annotations) {
		boolean sized = "string".equals(kind) || "array".equals(kind);
		boolean numeric = "number".equals(kind);
		for (Annotation annotation : annotations) {
			switch (annotation.annotationType().getSimpleName()) {
				case "NotEmpty", "NotBlank" -> {
					if (sized) {
						schema.put("empty", false);
					}
				}
				case "Size" -> {
					if (sized) {
						Object min = AnnotationUtils.getValue(annotation, "min");
						Object max = AnnotationUtils.getValue(annotation, "max");
						if (min instanceof Integer value && value > 0) {
							schema.put("min", value);
						}
						if (max instanceof Integer value && value < Integer.MAX_VALUE) {
							schema.put("max", value);
						}
					}
				}
				case "Min", "DecimalMin" -> {
					if (numeric) {
						putNumber(schema, "min", AnnotationUtils.getValue(annotation));
					}
				}
				case "Max", "DecimalMax" -> {
					if (numeric) {
						putNumber(schema, "max", AnnotationUtils.getValue(annotation));
					}
				}
				case "Positive" -> {
					if (numeric) {
						schema.put("positive", true);
					}
				}
				case "PositiveOrZero" -> {
					if (numeric) {
						schema.put("min", 0);
					}
				}
				case "Negative" -> {
					if (numeric) {
						schema.put("negative", true);
					}
				}
				case "NegativeOrZero" -> {
					if (numeric) {
						schema.put("max", 0);
					}
				}
				case "Email" -> {
					if ("string".equals(kind)) {
						schema.put("type", "email");
					}
				}
				case "Pattern" -> {
					if ("string".equals(kind) && AnnotationUtils.getValue(annotation, "regexp") instanceof String regexp) {
						schema.put("pattern", regexp);
					}
				}
				default -> {
				}
			}
		}
	}

	private static void putNumber(Map<String, Object> schema, String key, @Nullable Object value) {
		if (value instanceof Number number) {
			schema.put(key, number);
		}
		else if (value instanceof String text) {
			try {
				schema.put(key, new BigDecimal(text));
			}
			catch (NumberFormatException ex) {
				// not a number: no rule to publish
			}
		}
	}

}
