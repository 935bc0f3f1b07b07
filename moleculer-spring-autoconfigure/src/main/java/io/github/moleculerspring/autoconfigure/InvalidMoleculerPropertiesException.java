package io.github.moleculerspring.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * {@code moleculer.*} properties have values out of their accepted range, or values that break a
 * rule between two keys. Thrown when the properties are bound, before any broker exists; the
 * failure analysis lists each key with its value, where it was set and what it accepts. It is an
 * {@link InvalidConfigurationPropertyValueException} about the first invalid key, so that code and
 * failure analyzers that know Spring Boot's type handle it too; its message names them all.
 */
public class InvalidMoleculerPropertiesException extends InvalidConfigurationPropertyValueException {

	private static final long serialVersionUID = 1L;

	private final transient List<Violation> violations;

	/**
	 * Creates the exception.
	 * @param violations the invalid values, at least one
	 */
	public InvalidMoleculerPropertiesException(List<Violation> violations) {
		super(violations.get(0).key(), violations.get(0).value(), violations.get(0).reason());
		this.violations = List.copyOf(violations);
	}

	@Override
	public String getMessage() {
		return this.violations.stream()
			.map((violation) -> "Property " + violation.key() + " with value '" + violation.value() + "' is invalid: "
					+ violation.reason())
			.collect(Collectors.joining("; "));
	}

	/**
	 * The invalid values.
	 * @return the violations, in the order of the properties
	 */
	public List<Violation> getViolations() {
		return this.violations;
	}

	/**
	 * One invalid value.
	 * @param key the property key in its canonical form, such as {@code moleculer.request-timeout}
	 * @param value the value as bound, in the property's unit, such as {@code -5ms}
	 * @param reason why it is invalid, such as {@code must not be negative}
	 * @param accepted the values the key accepts, such as {@code 0ms or more; 0 means no timeout}
	 */
	public record Violation(String key, String value, String reason, String accepted) {
	}

}
