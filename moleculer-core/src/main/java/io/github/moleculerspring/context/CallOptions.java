package io.github.moleculerspring.context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Options of one call: timeout, target node, meta, headers, retries and fallback. Immutable;
 * {@link #DEFAULT} has none set.
 *
 * <p>
 * The {@code meta} map is used by reference, as Moleculer does: the callee's changes are merged
 * into it when the call ends (also on error), so a caller can read them after the call.
 */
public final class CallOptions {

	/** No options. */
	public static final CallOptions DEFAULT = builder().build();

	private final @Nullable Duration timeout;

	private final @Nullable String nodeID;

	private final @Nullable Map<String, Object> meta;

	private final @Nullable Map<String, Object> headers;

	private final @Nullable Integer retries;

	private final @Nullable Function<Throwable, @Nullable Object> fallback;

	private final @Nullable String requestID;

	private final @Nullable String caller;

	private CallOptions(Builder builder) {
		this.timeout = builder.timeout;
		this.nodeID = builder.nodeID;
		this.meta = builder.meta;
		this.headers = builder.headers;
		this.retries = builder.retries;
		this.fallback = builder.fallback;
		this.requestID = builder.requestID;
		this.caller = builder.caller;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Options with only a timeout. */
	public static CallOptions timeout(Duration timeout) {
		return builder().timeout(timeout).build();
	}

	/** Options with only a target node. */
	public static CallOptions nodeID(String nodeID) {
		return builder().nodeID(nodeID).build();
	}

	/** Options with only meta. */
	public static CallOptions meta(Map<String, Object> meta) {
		return builder().meta(meta).build();
	}

	/** A builder initialized with these options. */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.timeout = this.timeout;
		builder.nodeID = this.nodeID;
		builder.meta = this.meta;
		builder.headers = this.headers;
		builder.retries = this.retries;
		builder.fallback = this.fallback;
		builder.requestID = this.requestID;
		builder.caller = this.caller;
		return builder;
	}

	/** The call timeout; overrides the action's and the broker's. */
	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	/** The node to call directly, bypassing the strategy. */
	public @Nullable String getNodeID() {
		return this.nodeID;
	}

	/** The meta to send; merged with the callee's changes when the call ends. */
	public @Nullable Map<String, Object> getMeta() {
		return this.meta;
	}

	/** The request headers (protocol 5). */
	public @Nullable Map<String, Object> getHeaders() {
		return this.headers;
	}

	/** The number of retries for this call, overriding the retry policy's. */
	public @Nullable Integer getRetries() {
		return this.retries;
	}

	/** Produces the result when the call fails, if set. */
	public @Nullable Function<Throwable, @Nullable Object> getFallback() {
		return this.fallback;
	}

	/** The request ID to use for a new chain. */
	public @Nullable String getRequestID() {
		return this.requestID;
	}

	/** The caller to report. */
	public @Nullable String getCaller() {
		return this.caller;
	}

	/** Builds {@link CallOptions}. */
	public static final class Builder {

		private @Nullable Duration timeout;

		private @Nullable String nodeID;

		private @Nullable Map<String, Object> meta;

		private @Nullable Map<String, Object> headers;

		private @Nullable Integer retries;

		private @Nullable Function<Throwable, @Nullable Object> fallback;

		private @Nullable String requestID;

		private @Nullable String caller;

		private Builder() {
		}

		/**
		 * Sets the timeout of this call ({@code Duration.ZERO} for none).
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			if (timeout != null && timeout.isNegative()) {
				throw new IllegalArgumentException("timeout must not be negative");
			}
			this.timeout = timeout;
			return this;
		}

		public Builder nodeID(@Nullable String nodeID) {
			this.nodeID = nodeID;
			return this;
		}

		/**
		 * Sets the meta, used by reference: the callee's changes are merged into this map.
		 * @param meta a mutable map
		 * @return this builder
		 */
		public Builder meta(@Nullable Map<String, Object> meta) {
			this.meta = meta;
			return this;
		}

		/**
		 * Adds one meta entry (to a new mutable map if none was set).
		 * @param key the key
		 * @param value the value
		 * @return this builder
		 */
		public Builder meta(String key, @Nullable Object value) {
			if (this.meta == null) {
				this.meta = new LinkedHashMap<>();
			}
			this.meta.put(key, value);
			return this;
		}

		public Builder headers(@Nullable Map<String, Object> headers) {
			this.headers = headers;
			return this;
		}

		public Builder retries(@Nullable Integer retries) {
			this.retries = retries;
			return this;
		}

		/**
		 * Sets a fallback value returned when the call fails.
		 * @param value the value
		 * @return this builder
		 */
		public Builder fallbackValue(@Nullable Object value) {
			this.fallback = (error) -> value;
			return this;
		}

		/**
		 * Sets a function that produces the result when the call fails.
		 * @param fallback the function, given the error
		 * @return this builder
		 */
		public Builder fallback(@Nullable Function<Throwable, @Nullable Object> fallback) {
			this.fallback = fallback;
			return this;
		}

		public Builder requestID(@Nullable String requestID) {
			this.requestID = requestID;
			return this;
		}

		public Builder caller(@Nullable String caller) {
			this.caller = caller;
			return this;
		}

		public CallOptions build() {
			return new CallOptions(this);
		}

	}

}
