package io.github.moleculerspring.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The environment has {@code moleculer.*} keys that no Moleculer configuration properties class
 * binds: most often a typo ({@code moleculer.transpoter}), which would otherwise leave the setting
 * at its default without a word. Thrown before any bean is created, unless
 * {@code moleculer.fail-on-unknown-properties} is false.
 */
public class UnknownMoleculerPropertiesException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final transient List<UnknownProperty> properties;

	/**
	 * Creates the exception.
	 * @param properties the unknown keys, at least one
	 */
	public UnknownMoleculerPropertiesException(List<UnknownProperty> properties) {
		super(properties.stream().map(UnknownProperty::description).collect(Collectors.joining("; ")));
		this.properties = List.copyOf(properties);
	}

	/**
	 * The unknown keys.
	 * @return the keys, in the order of the property sources
	 */
	public List<UnknownProperty> getProperties() {
		return this.properties;
	}

	/**
	 * One unknown key. Its value is left out: it may be a secret under a misspelled key.
	 * @param key the key, in its canonical form, such as {@code moleculer.transpoter}
	 * @param origin where it was set, such as {@code System Environment Property
	 * "MOLECULER_TRANSPOTER"}
	 * @param suggestion the closest known key, or {@code null} when none is close
	 */
	public record UnknownProperty(String key, String origin, @Nullable String suggestion) {

		/**
		 * One line about this key, for the log and the exception message.
		 * @return the description
		 */
		public String description() {
			return "Unknown configuration property '" + this.key + "' (from " + this.origin + ")"
					+ ((this.suggestion != null) ? "; did you mean '" + this.suggestion + "'?" : "");
		}

	}

}
