package io.github.moleculerspring.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A local action: its name within the service, its handler, and the properties published in its
 * descriptor ({@code params} schema, {@code visibility}, {@code timeout}, and any custom property
 * such as {@code rest}).
 */
public final class ActionDefinition {

	private final String rawName;

	private final ActionHandler handler;

	private final Visibility visibility;

	private final long timeout;

	private final @Nullable Map<String, Object> params;

	private final Map<String, Object> properties;

	private final @Nullable ActionFallback fallback;

	private final boolean nonBlocking;

	private ActionDefinition(Builder builder) {
		this.rawName = builder.rawName;
		this.handler = Objects.requireNonNull(builder.handler, () -> "action '" + builder.rawName + "' has no handler");
		this.visibility = builder.visibility;
		this.timeout = builder.timeout;
		this.params = builder.params;
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.properties));
		this.fallback = builder.fallback;
		this.nonBlocking = builder.nonBlocking;
	}

	/**
	 * Starts a definition.
	 * @param rawName the action name within its service ({@code add} for {@code math.add})
	 * @return a builder
	 */
	public static Builder builder(String rawName) {
		return new Builder(rawName);
	}

	/**
	 * A published action with a handler and nothing else.
	 * @param rawName the name within the service
	 * @param handler the handler
	 * @return the definition
	 */
	public static ActionDefinition of(String rawName, ActionHandler handler) {
		return builder(rawName).handler(handler).build();
	}

	/** The name within the service. */
	public String rawName() {
		return this.rawName;
	}

	public ActionHandler handler() {
		return this.handler;
	}

	public Visibility visibility() {
		return this.visibility;
	}

	/** The action-level timeout in milliseconds, {@code 0} when not set. */
	public long timeout() {
		return this.timeout;
	}

	/** The params schema (fastest-validator syntax) published in the descriptor, if any. */
	public @Nullable Map<String, Object> params() {
		return this.params;
	}

	/**
	 * Further descriptor properties, including the fault-tolerance options Moleculer reads from an
	 * action ({@code circuitBreaker}, {@code retryPolicy}, {@code bulkhead}, {@code strategy},
	 * {@code strategyOptions}).
	 */
	public Map<String, Object> properties() {
		return this.properties;
	}

	/** The action-level fallback, if any. */
	public @Nullable ActionFallback fallback() {
		return this.fallback;
	}

	/**
	 * Whether the handler never blocks (no I/O wait, no lock held long, no {@code join()}): then a
	 * request from another node is served on the poller that read it, without a hand-off to a
	 * worker. Off by default. A handler declared non-blocking that blocks anyway is detected within
	 * the pollers' {@code blockedAfter}, named in a warning and served by the workers from then on.
	 */
	public boolean nonBlocking() {
		return this.nonBlocking;
	}

	/** Builds an {@link ActionDefinition}. */
	public static final class Builder {

		private final String rawName;

		private @Nullable ActionHandler handler;

		private Visibility visibility = Visibility.PUBLISHED;

		private long timeout;

		private @Nullable Map<String, Object> params;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private @Nullable ActionFallback fallback;

		private boolean nonBlocking;

		private Builder(String rawName) {
			this.rawName = ServiceDefinition.checkName(rawName, "action");
		}

		public Builder handler(ActionHandler handler) {
			this.handler = handler;
			return this;
		}

		public Builder visibility(Visibility visibility) {
			this.visibility = visibility;
			return this;
		}

		/**
		 * Sets the action-level timeout, used when the caller gives none.
		 * @param timeoutMillis milliseconds, {@code 0} for none
		 * @return this builder
		 */
		public Builder timeout(long timeoutMillis) {
			if (timeoutMillis < 0) {
				throw new IllegalArgumentException("timeout must not be negative");
			}
			this.timeout = timeoutMillis;
			return this;
		}

		/**
		 * Sets the params schema published in the descriptor (fastest-validator syntax).
		 * @param params the schema
		 * @return this builder
		 */
		public Builder params(@Nullable Map<String, Object> params) {
			this.params = params;
			return this;
		}

		/**
		 * Adds a custom descriptor property ({@code rest}, {@code description}...).
		 * @param key the property
		 * @param value a JSON-serializable value
		 * @return this builder
		 */
		public Builder property(String key, Object value) {
			this.properties.put(key, value);
			return this;
		}

		/**
		 * Sets the strategy that balances calls of this action, overriding the registry's.
		 * @param name the strategy name ({@code Shard}, {@code Latency}...)
		 * @param options its options (Moleculer's {@code strategyOptions})
		 * @return this builder
		 */
		public Builder strategy(String name, Map<String, ?> options) {
			this.properties.put("strategy", name);
			this.properties.put("strategyOptions", new LinkedHashMap<>(options));
			return this;
		}

		/**
		 * Overrides the broker's circuit breaker options for this action (Moleculer keys:
		 * {@code enabled, threshold, minRequestCount, windowTime, halfOpenTime}).
		 * @param options the options
		 * @return this builder
		 */
		public Builder circuitBreaker(Map<String, ?> options) {
			this.properties.put("circuitBreaker", new LinkedHashMap<>(options));
			return this;
		}

		/**
		 * Overrides the broker's retry policy for calls of this action (Moleculer keys:
		 * {@code enabled, retries, delay, maxDelay, factor}); callers read it from the descriptor.
		 * @param options the options
		 * @return this builder
		 */
		public Builder retryPolicy(Map<String, ?> options) {
			this.properties.put("retryPolicy", new LinkedHashMap<>(options));
			return this;
		}

		/**
		 * Overrides the broker's bulkhead for this action (Moleculer keys:
		 * {@code enabled, concurrency, maxQueueSize}).
		 * @param options the options
		 * @return this builder
		 */
		public Builder bulkhead(Map<String, ?> options) {
			this.properties.put("bulkhead", new LinkedHashMap<>(options));
			return this;
		}

		/**
		 * Sets the action-level fallback: the result this action answers with when its handler fails.
		 * @param fallback the fallback
		 * @return this builder
		 */
		public Builder fallback(@Nullable ActionFallback fallback) {
			this.fallback = fallback;
			return this;
		}

		/**
		 * Declares whether the handler never blocks; see {@link ActionDefinition#nonBlocking()}.
		 * @param nonBlocking {@code true} to let the poller serve it inline
		 * @return this builder
		 */
		public Builder nonBlocking(boolean nonBlocking) {
			this.nonBlocking = nonBlocking;
			return this;
		}

		public ActionDefinition build() {
			return new ActionDefinition(this);
		}

	}

}
