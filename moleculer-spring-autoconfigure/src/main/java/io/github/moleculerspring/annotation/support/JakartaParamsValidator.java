package io.github.moleculerspring.annotation.support;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.ValidationError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.metadata.MethodDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Validates handler arguments with Jakarta Bean Validation: the object that receives all the params
 * (or the event payload) is always validated when its class has constraints, and {@code @Param}
 * values are validated when the method declares constraints or {@code @Valid} on them.
 *
 * <p>
 * Violations become one {@link ValidationError} (422) whose {@code data} is fastest-validator's
 * list: {@code field} is the property path ({@code address.zip}, {@code items[0].name}, or the
 * {@code @Param} name), and {@code type}, {@code expected} and {@code actual} are those of the
 * fastest-validator rule that checks the same thing: {@code @NotNull}: {@code required};
 * {@code @NotEmpty}, {@code @NotBlank}: {@code required} when missing, else {@code stringEmpty}
 * or {@code arrayEmpty}; {@code @Size}: {@code stringMin}, {@code stringMax}, {@code arrayMin},
 * {@code arrayMax} (with the length as {@code actual}); {@code @Min}, {@code @DecimalMin}:
 * {@code numberMin}; {@code @Max}, {@code @DecimalMax}: {@code numberMax}; {@code @Positive}:
 * {@code numberPositive}; {@code @PositiveOrZero}: {@code numberMin} 0; {@code @Negative}:
 * {@code numberNegative}; {@code @NegativeOrZero}: {@code numberMax} 0; {@code @Email}:
 * {@code email}; {@code @Pattern}: {@code stringPattern}; {@code @AssertTrue},
 * {@code @AssertFalse}: {@code equalValue}; {@code @Null}: {@code forbidden}; other constraints:
 * the constraint's simple name. The message is fastest-validator's for its rule unless the
 * constraint declares its own message.
  */
public final class JakartaParamsValidator implements ParamsValidator {

	private final Validator validator;

	public JakartaParamsValidator(Validator validator) {
		this.validator = validator;
	}

	/**
	 * Returns a validator backed by the unique {@link Validator} bean of a bean factory.
	 * @param beanFactory the bean factory
	 * @return the validator, or {@code null} when there is no unique {@code Validator} bean
	 */
	public static @Nullable JakartaParamsValidator fromBeanFactory(ListableBeanFactory beanFactory) {
		Validator validator = beanFactory.getBeanProvider(Validator.class).getIfUnique();
		return (validator != null) ? new JakartaParamsValidator(validator) : null;
	}

	@Override
	public @Nullable ArgumentsValidation prepare(Object bean, Method method, int paramsIndex,
			Map<Integer, String> paramNames) {
		Class<?> paramsClass = (paramsIndex >= 0) ? method.getParameterTypes()[paramsIndex] : null;
		boolean validateParams = paramsClass != null && isValidatable(paramsClass)
				&& this.validator.getConstraintsForClass(paramsClass).isBeanConstrained();
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		MethodDescriptor descriptor = paramNames.isEmpty() ? null : this.validator.getConstraintsForClass(targetClass)
			.getConstraintsForMethod(method.getName(), method.getParameterTypes());
		boolean validateValues = descriptor != null && descriptor.hasConstrainedParameters();
		if (!validateParams && !validateValues) {
			return null;
		}
		Object target = singletonTarget(bean);
		return (args, ctx) -> {
			List<ValidationError.Violation> violations = new ArrayList<>();
			if (validateParams && args[paramsIndex] != null && isValidatable(args[paramsIndex].getClass())) {
				for (ConstraintViolation<Object> violation : this.validator.validate(args[paramsIndex])) {
					violations.add(toViolation(violation, fieldPath(violation.getPropertyPath(), null), ctx));
				}
			}
			if (validateValues) {
				Set<ConstraintViolation<Object>> result = this.validator.forExecutables()
					.validateParameters(target, method, args);
				for (ConstraintViolation<Object> violation : result) {
					String field = fieldPath(violation.getPropertyPath(), paramNames);
					if (field != null) {
						violations.add(toViolation(violation, field, ctx));
					}
				}
			}
			if (!violations.isEmpty()) {
				violations.sort(Comparator.comparing(ValidationError.Violation::type));
				throw Violations.error(violations);
			}
		};
	}

	private static Object singletonTarget(Object bean) {
		Object target = AopProxyUtils.getSingletonTarget(bean);
		return (target != null) ? target : bean;
	}

	private static boolean isValidatable(Class<?> type) {
		return !Map.class.isAssignableFrom(type) && !JsonNode.class.isAssignableFrom(type)
				&& !BeanUtils.isSimpleValueType(type) && type != Object.class;
	}

	/**
	 * Turns a property path into a field path. For method parameters, the parameter node becomes
	 * the {@code @Param} name, and violations of other parameters are skipped ({@code null}).
	 */
	private static @Nullable String fieldPath(Path path, @Nullable Map<Integer, String> paramNames) {
		StringBuilder field = new StringBuilder();
		boolean parameterSeen = (paramNames == null);
		for (Path.Node node : path) {
			ElementKind kind = node.getKind();
			if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR || kind == ElementKind.BEAN
					|| kind == ElementKind.RETURN_VALUE || kind == ElementKind.CROSS_PARAMETER) {
				continue;
			}
			if (kind == ElementKind.PARAMETER && paramNames != null) {
				String name = paramNames.get(node.as(Path.ParameterNode.class).getParameterIndex());
				if (name == null) {
					return null;
				}
				field.append(name);
				parameterSeen = true;
				continue;
			}
			if (node.isInIterable()) {
				field.append('[').append((node.getIndex() != null) ? node.getIndex() : node.getKey()).append(']');
			}
			if (kind != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
				if (field.length() > 0) {
					field.append('.');
				}
				field.append(node.getName());
			}
		}
		if (!parameterSeen) {
			return null;
		}
		return (field.length() > 0) ? field.toString() : "params";
	}

	private static ValidationError.Violation toViolation(ConstraintViolation<?> violation, String field,
			Context ctx) {
		Map<String, Object> attributes = violation.getConstraintDescriptor().getAttributes();
		Object value = violation.getInvalidValue();
		String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
		String type;
		Object actual = value;
		Object expected = null;
		switch (constraint) {
			case "NotNull" -> type = "required";
			case "NotEmpty", "NotBlank" -> type = (value == null) ? "required"
					: (value instanceof CharSequence) ? "stringEmpty" : "arrayEmpty";
			case "Null" -> type = "forbidden";
			case "Size" -> {
				String prefix = (value instanceof CharSequence) ? "string"
						: (value instanceof Map<?, ?>) ? "objectMinProps" : "array";
				int min = (attributes.get("min") instanceof Integer number) ? number : 0;
				boolean tooShort = size(value) < min;
				type = prefix.equals("objectMinProps") ? (tooShort ? "objectMinProps" : "objectMaxProps")
						: prefix + (tooShort ? "Min" : "Max");
				expected = tooShort ? attributes.get("min") : attributes.get("max");
				actual = size(value);
			}
			case "Min", "DecimalMin" -> {
				type = "numberMin";
				expected = number(attributes.get("value"));
			}
			case "Max", "DecimalMax" -> {
				type = "numberMax";
				expected = number(attributes.get("value"));
			}
			case "Positive" -> type = "numberPositive";
			case "PositiveOrZero" -> {
				type = "numberMin";
				expected = 0;
			}
			case "Negative" -> type = "numberNegative";
			case "NegativeOrZero" -> {
				type = "numberMax";
				expected = 0;
			}
			case "Email" -> type = "email";
			case "Pattern" -> {
				type = "stringPattern";
				expected = "/" + attributes.get("regexp") + "/";
			}
			case "AssertTrue" -> {
				type = "equalValue";
				expected = true;
			}
			case "AssertFalse" -> {
				type = "equalValue";
				expected = false;
			}
			case "Past", "PastOrPresent" -> type = "dateMax";
			case "Future", "FutureOrPresent" -> type = "dateMin";
			default -> type = constraint;
		}
		String template = violation.getMessageTemplate();
		boolean defaultMessage = template.startsWith("{jakarta.validation.constraints.")
				&& !type.equals(constraint) && !type.startsWith("date");
		return Violations.of(type, field, defaultMessage ? null : violation.getMessage(), actual, expected, ctx);
	}

	/** A {@code @DecimalMin}/{@code @DecimalMax} value as a number, as fastest-validator has it. */
	private static @Nullable Object number(@Nullable Object value) {
		if (value instanceof String text) {
			try {
				return new java.math.BigDecimal(text);
			}
			catch (NumberFormatException ex) {
				return text;
			}
		}
		return value;
	}

	private static int size(@Nullable Object value) {
		if (value instanceof CharSequence text) {
			return text.length();
		}
		if (value instanceof Collection<?> collection) {
			return collection.size();
		}
		if (value instanceof Map<?, ?> map) {
			return map.size();
		}
		if (value != null && value.getClass().isArray()) {
			return Array.getLength(value);
		}
		return 0;
	}

}
