package io.github.moleculerspring.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns a bad {@code moleculer.*} setting into Spring Boot's "APPLICATION FAILED TO START"
 * report: for each key its value, where it was set, why it is wrong and what it accepts, and an
 * Action line. It covers values out of range or breaking a rule between keys
 * ({@link InvalidMoleculerPropertiesException}), unknown keys
 * ({@link UnknownMoleculerPropertiesException}), and the values checked when the broker is built
 * ({@link InvalidConfigurationPropertyValueException} for a {@code moleculer.*} key: an unknown
 * strategy, an unsupported transporter scheme, a missing SSL bundle), and values that do not
 * convert to the key's type ({@code enabled: maybe}). It runs before Spring
 * Boot's generic analyzers, which would report the same failures without the accepted values.
 * Credentials in URLs are masked.
 */
final class MoleculerPropertiesFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String NL = System.lineSeparator();

	private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s,]+@");

	private static final ConfigurationPropertyName MOLECULER = ConfigurationPropertyName.of("moleculer");

	private final @Nullable Environment environment;

	MoleculerPropertiesFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		UnknownMoleculerPropertiesException unknown = findCause(failure, UnknownMoleculerPropertiesException.class);
		if (unknown != null) {
			return analyzeUnknown(unknown);
		}
		InvalidMoleculerPropertiesException invalid = findCause(failure, InvalidMoleculerPropertiesException.class);
		if (invalid != null) {
			return analyzeInvalid(invalid);
		}
		InvalidConfigurationPropertyValueException value = findCause(failure,
				InvalidConfigurationPropertyValueException.class);
		if (value != null && isMoleculerKey(value.getName())) {
			return analyzeValue(value);
		}
		BindException bind = findCause(failure, BindException.class);
		if (bind != null && isMoleculerKey(bind.getName().toString()) && bind.getCause() != null
				&& !(bind.getCause() instanceof BindValidationException)) {
			return analyzeConversion(bind);
		}
		return null;
	}

	/** A value that does not convert to the property's type, such as {@code enabled: maybe}. */
	private FailureAnalysis analyzeConversion(BindException failure) {
		String key = failure.getName().toString();
		ConfigurationProperty property = failure.getProperty();
		Class<?> type = failure.getTarget().getType().resolve(Object.class);
		StringBuilder description = new StringBuilder("A Moleculer configuration property has an invalid value:" + NL);
		description.append(NL).append("    Property: ").append(key);
		if (property != null) {
			description.append(NL).append("    Value: \"").append(mask(String.valueOf(property.getValue()))).append('"');
			if (property.getOrigin() != null) {
				description.append(NL).append("    Origin: ").append(property.getOrigin());
			}
		}
		description.append(NL).append("    Reason: cannot be converted to ").append(type.getSimpleName());
		description.append(NL).append("    Accepted: ").append(accepted(type));
		description.append(NL);
		return new FailureAnalysis(description.toString().stripTrailing(),
				"Update " + key + " in your application's configuration to an accepted value.", failure);
	}

	private static String accepted(Class<?> type) {
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == Duration.class) {
			return "a duration: a number in the key's unit (see its description), or a number with a unit "
					+ "such as 500ms, 10s or 2m, or ISO-8601 such as PT10S";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "a whole number";
		}
		if (type == Double.class || type == double.class) {
			return "a number";
		}
		if (type.isEnum()) {
			return Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.collect(Collectors.joining(", "));
		}
		return "a value of type " + type.getName();
	}

	private FailureAnalysis analyzeUnknown(UnknownMoleculerPropertiesException failure) {
		StringBuilder description = new StringBuilder(
				(failure.getProperties().size() == 1) ? "A Moleculer configuration property is unknown:" + NL
						: "Moleculer configuration properties are unknown:" + NL);
		for (UnknownMoleculerPropertiesException.UnknownProperty property : failure.getProperties()) {
			description.append(NL).append("    Property: ").append(property.key());
			description.append(NL).append("    Origin: ").append(property.origin());
			description.append(NL).append("    Reason: no Moleculer setting has this key");
			if (property.suggestion() != null) {
				description.append(NL).append("    Did you mean: ").append(property.suggestion());
			}
			description.append(NL);
		}
		String action = "Correct or remove the unknown key" + ((failure.getProperties().size() == 1) ? "" : "s")
				+ " (README.md, section Configuration, and your IDE's completion list the keys), or set "
				+ UnknownMoleculerPropertiesCheck.FAIL_ON_UNKNOWN_PROPERTIES
				+ "=false to only log a warning for each unknown key.";
		return new FailureAnalysis(description.toString().stripTrailing(), action, failure);
	}

	private FailureAnalysis analyzeInvalid(InvalidMoleculerPropertiesException failure) {
		StringBuilder description = new StringBuilder(
				(failure.getViolations().size() == 1) ? "A Moleculer configuration property has an invalid value:" + NL
						: "Moleculer configuration properties have invalid values:" + NL);
		StringBuilder keys = new StringBuilder();
		for (InvalidMoleculerPropertiesException.Violation violation : failure.getViolations()) {
			ConfigurationProperty property = find(violation.key());
			description.append(NL).append("    Property: ").append(violation.key());
			description.append(NL).append("    Value: ").append(mask(value(property, violation.value())));
			if (property != null && property.getOrigin() != null) {
				description.append(NL).append("    Origin: ").append(property.getOrigin());
			}
			description.append(NL).append("    Reason: ").append(violation.reason());
			description.append(NL).append("    Accepted: ").append(violation.accepted());
			description.append(NL);
			keys.append((keys.length() > 0) ? ", " : "").append(violation.key());
		}
		String action = "Update " + keys + " in your application's configuration to "
				+ ((failure.getViolations().size() == 1) ? "an accepted value." : "accepted values.");
		return new FailureAnalysis(description.toString().stripTrailing(), action, failure);
	}

	private FailureAnalysis analyzeValue(InvalidConfigurationPropertyValueException failure) {
		ConfigurationProperty property = find(failure.getName());
		StringBuilder description = new StringBuilder("A Moleculer configuration property has an invalid value:" + NL);
		description.append(NL).append("    Property: ").append(failure.getName());
		description.append(NL).append("    Value: \"").append(mask(String.valueOf(failure.getValue()))).append('"');
		if (property != null && property.getOrigin() != null) {
			description.append(NL).append("    Origin: ").append(property.getOrigin());
		}
		description.append(NL).append("    Reason: ").append(mask(String.valueOf(failure.getReason())));
		description.append(NL);
		return new FailureAnalysis(description.toString().stripTrailing(),
				"Update " + failure.getName() + " in your application's configuration to an accepted value.", failure);
	}

	/**
	 * The value as written in the configuration, quoted, followed by the value in the property's
	 * unit when they differ: {@code "-5" (-5ms)}.
	 */
	private static String value(@Nullable ConfigurationProperty property, String bound) {
		if (property == null || property.getValue() == null) {
			return "\"" + bound + "\"";
		}
		String written = String.valueOf(property.getValue());
		return "\"" + written + "\"" + (written.equals(bound) ? "" : " (" + bound + ")");
	}

	private @Nullable ConfigurationProperty find(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		if (name == null || !(this.environment instanceof ConfigurableEnvironment)) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	private static boolean isMoleculerKey(String key) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
		return name != null && MOLECULER.isAncestorOf(name);
	}

	/**
	 * Masks the user info of URLs ({@code nats://user:secret@host} becomes
	 * {@code nats://****@host}).
	 * @param text the text
	 * @return the text without credentials
	 */
	static String mask(String text) {
		return URL_CREDENTIALS.matcher(text).replaceAll(Matcher.quoteReplacement("****@"));
	}

	private static <E extends Throwable> @Nullable E findCause(Throwable failure, Class<E> type) {
		Throwable cause = failure;
		while (cause != null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			cause = cause.getCause();
		}
		return null;
	}

}
