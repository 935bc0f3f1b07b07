package io.github.moleculerspring.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A local event subscription: an event name (wildcards {@code *}, {@code **} and {@code ?}
 * allowed), a group (the service name when not set) and a handler.
 */
public final class EventDefinition {

	private final String name;

	private final @Nullable String group;

	private final EventHandler handler;

	private final Map<String, Object> properties;

	private final boolean nonBlocking;

	private EventDefinition(Builder builder) {
		this.name = builder.name;
		this.group = builder.group;
		this.handler = Objects.requireNonNull(builder.handler, () -> "event '" + builder.name + "' has no handler");
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
		this.nonBlocking = builder.nonBlocking;
	}

	/**
	 * Starts a definition.
	 * @param name the event name or pattern
	 * @return a builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * A subscription in the service's own group.
	 * @param name the event name or pattern
	 * @param handler the handler
	 * @return the definition
	 */
	public static EventDefinition of(String name, EventHandler handler) {
		return builder(name).handler(handler).build();
	}

	public String name() {
		return this.name;
	}

	/** The group, or {@code null} for the service name. */
	public @Nullable String group() {
		return this.group;
	}

	public EventHandler handler() {
		return this.handler;
	}

	/** Further descriptor properties. */
	public Map<String, Object> properties() {
		return this.properties;
	}

	/**
	 * Whether the handler never blocks: an event from another node whose local handlers are all
	 * non-blocking is delivered on the poller that read it, without a hand-off to a worker. Off by
	 * default. One that blocks anyway is detected, named in a warning and delivered by the workers
	 * from then on.
	 */
	public boolean nonBlocking() {
		return this.nonBlocking;
	}

	/** Builds an {@link EventDefinition}. */
	public static final class Builder {

		private final String name;

		private @Nullable String group;

		private @Nullable EventHandler handler;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private boolean nonBlocking;

		private Builder(String name) {
			this.name = ServiceDefinition.checkName(name, "event");
		}

		/**
		 * Sets the group; a balanced emit reaches exactly one handler per group.
		 * @param group the group, or {@code null} for the service name
		 * @return this builder
		 */
		public Builder group(@Nullable String group) {
			this.group = (group == null || group.isEmpty()) ? null : ServiceDefinition.checkName(group, "group");
			return this;
		}

		public Builder handler(EventHandler handler) {
			this.handler = handler;
			return this;
		}

		public Builder property(String key, Object value) {
			this.properties.put(key, value);
			return this;
		}

		/**
		 * Declares whether the handler never blocks; see {@link EventDefinition#nonBlocking()}.
		 * @param nonBlocking {@code true} to let the poller deliver it inline
		 * @return this builder
		 */
		public Builder nonBlocking(boolean nonBlocking) {
			this.nonBlocking = nonBlocking;
			return this;
		}

		public EventDefinition build() {
			return new EventDefinition(this);
		}

	}

}
