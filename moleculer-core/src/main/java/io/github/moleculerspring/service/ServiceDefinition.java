package io.github.moleculerspring.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.protocol.ServiceInfo;
import org.jspecify.annotations.Nullable;

/**
 * A local service: name, optional version, settings, metadata, actions and event subscriptions.
 * Settings keys listed in {@code $secureSettings} are never published.
 */
public final class ServiceDefinition {

	/** The settings key that lists settings never to publish, as in Moleculer. */
	public static final String SECURE_SETTINGS = "$secureSettings";

	private final String name;

	private final @Nullable Object version;

	private final String fullName;

	private final Map<String, Object> settings;

	private final Map<String, Object> metadata;

	private final List<ActionDefinition> actions;

	private final List<EventDefinition> events;

	private final @Nullable Runnable started;

	private final @Nullable Runnable stopped;

	private ServiceDefinition(Builder builder) {
		this.name = builder.name;
		this.version = builder.version;
		this.fullName = ServiceInfo.fullName(builder.name, builder.version);
		this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.settings));
		this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(builder.metadata));
		this.actions = List.copyOf(builder.actions);
		this.events = List.copyOf(builder.events);
		this.started = builder.started;
		this.stopped = builder.stopped;
		Set<String> names = new HashSet<>();
		for (ActionDefinition action : this.actions) {
			if (!names.add(action.rawName())) {
				throw new ServiceSchemaError("Service '" + this.fullName + "' defines action '" + action.rawName()
						+ "' more than once.", Map.of("service", this.fullName, "action", action.rawName()));
			}
		}
	}

	/**
	 * Starts a definition.
	 * @param name the service name
	 * @return a builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	public String name() {
		return this.name;
	}

	/** The version (a number or a string), or {@code null}. */
	public @Nullable Object version() {
		return this.version;
	}

	/** {@code v<N>.<name>}, {@code <version>.<name>} or {@code <name>}. */
	public String fullName() {
		return this.fullName;
	}

	public Map<String, Object> settings() {
		return this.settings;
	}

	/** The settings without the keys listed in {@code $secureSettings} (and without that list). */
	public Map<String, Object> publicSettings() {
		Object secure = this.settings.get(SECURE_SETTINGS);
		Map<String, Object> result = new LinkedHashMap<>(this.settings);
		result.remove(SECURE_SETTINGS);
		if (secure instanceof Collection<?> keys) {
			for (Object key : keys) {
				result.remove(String.valueOf(key));
			}
		}
		else if (secure instanceof String[] keys) {
			for (String key : keys) {
				result.remove(key);
			}
		}
		return result;
	}

	public Map<String, Object> metadata() {
		return this.metadata;
	}

	public List<ActionDefinition> actions() {
		return this.actions;
	}

	public List<EventDefinition> events() {
		return this.events;
	}

	/** Runs after the broker has started the service, if set. */
	public @Nullable Runnable started() {
		return this.started;
	}

	/** Runs when the broker stops the service, if set. */
	public @Nullable Runnable stopped() {
		return this.stopped;
	}

	/**
	 * Checks that a name is usable in subjects: not empty, no whitespace, no NATS wildcard.
	 * @param name the name
	 * @param what what the name names, for the message
	 * @return the name
	 */
	static String checkName(@Nullable String name, String what) {
		if (name == null || name.isEmpty()) {
			throw new ServiceSchemaError("The " + what + " name must not be empty.", null);
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isWhitespace(c) || c == '>' || (c == '*' && !"event".equals(what))
					|| (c == '?' && !"event".equals(what))) {
				throw new ServiceSchemaError("The " + what + " name '" + name
						+ "' contains a character not allowed in a subject (whitespace, '*', '?' or '>').",
						Map.of("name", name));
			}
		}
		return name;
	}

	@Override
	public String toString() {
		return "ServiceDefinition[" + this.fullName + "]";
	}

	/** Builds a {@link ServiceDefinition}. */
	public static final class Builder {

		private final String name;

		private @Nullable Object version;

		private final Map<String, Object> settings = new LinkedHashMap<>();

		private final Map<String, Object> metadata = new LinkedHashMap<>();

		private final List<ActionDefinition> actions = new ArrayList<>();

		private final List<EventDefinition> events = new ArrayList<>();

		private @Nullable Runnable started;

		private @Nullable Runnable stopped;

		private Builder(String name) {
			this.name = checkName(name, "service");
		}

		/**
		 * Sets the version.
		 * @param version a number ({@code 2} gives {@code v2.<name>}), a string, or {@code null}
		 * @return this builder
		 */
		public Builder version(@Nullable Object version) {
			if (version != null && !(version instanceof Number) && !(version instanceof String)) {
				throw new ServiceSchemaError("A service version must be a number or a string.", null);
			}
			this.version = (version instanceof String s && s.isEmpty()) ? null : version;
			return this;
		}

		public Builder settings(Map<String, ?> settings) {
			this.settings.putAll(settings);
			return this;
		}

		public Builder setting(String key, Object value) {
			this.settings.put(key, value);
			return this;
		}

		public Builder metadata(Map<String, ?> metadata) {
			this.metadata.putAll(metadata);
			return this;
		}

		public Builder action(ActionDefinition action) {
			this.actions.add(action);
			return this;
		}

		public Builder action(String rawName, ActionHandler handler) {
			return action(ActionDefinition.of(rawName, handler));
		}

		public Builder event(EventDefinition event) {
			this.events.add(event);
			return this;
		}

		public Builder event(String name, EventHandler handler) {
			return event(EventDefinition.of(name, handler));
		}

		public Builder started(@Nullable Runnable started) {
			this.started = started;
			return this;
		}

		public Builder stopped(@Nullable Runnable stopped) {
			this.stopped = stopped;
			return this;
		}

		public ServiceDefinition build() {
			return new ServiceDefinition(this);
		}

	}

}
