package io.github.moleculerspring.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A service descriptor, an element of INFO {@code services}.
 * @param name the service name
 * @param version the version (a number or a string), {@code null} when unversioned
 * @param fullName {@code v<N>.<name>}, {@code <version>.<name>} or {@code <name>}
 * @param settings the public settings (secure keys removed)
 * @param metadata the service metadata
 * @param actions action full name to descriptor
 * @param events event name to descriptor
 */
public record ServiceInfo(String name, @Nullable Object version, String fullName, Map<String, Object> settings,
		Map<String, Object> metadata, Map<String, ActionInfo> actions, Map<String, EventInfo> events) {

	/**
	 * Computes a service full name as Moleculer does.
	 * @param name the service name
	 * @param version the version, a number or a string, or {@code null}
	 * @return the full name
	 */
	public static String fullName(String name, @Nullable Object version) {
		if (version == null) {
			return name;
		}
		if (version instanceof Number number) {
			return "v" + number + "." + name;
		}
		return version + "." + name;
	}

}
