package io.github.moleculerspring.test.tester;

import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.ValueConverter;
import org.jspecify.annotations.Nullable;

/**
 * One event delivered to the broker under test, as an {@link EventRecorder} saw it: its name, how
 * it was sent, its payload, meta and origin. The payload is kept as the handler received it (for
 * an event emitted in this JVM, the very object passed to {@code emit}); {@link #payload(Class)}
 * converts it the way a handler's parameter would be.
 */
public final class RecordedEvent {

	private final String name;

	private final @Nullable String type;

	private final @Nullable Object payload;

	private final Map<String, Object> meta;

	private final String nodeID;

	private final @Nullable String caller;

	private final @Nullable List<String> groups;

	private final String requestID;

	private final ValueConverter values;

	RecordedEvent(Context ctx, ValueConverter values) {
		this.name = (ctx.eventName() != null) ? ctx.eventName() : "";
		this.type = ctx.eventType();
		this.payload = ctx.params();
		this.meta = Collections.unmodifiableMap(new LinkedHashMap<>(ctx.meta()));
		this.nodeID = ctx.nodeID();
		this.caller = ctx.caller();
		this.groups = (ctx.eventGroups() != null) ? List.copyOf(ctx.eventGroups()) : null;
		this.requestID = ctx.requestID();
		this.values = values;
	}

	/** The event name, such as {@code user.created}. */
	public String name() {
		return this.name;
	}

	/**
	 * How it was sent: {@code emit}, {@code broadcast} or {@code broadcastLocal}. As in Moleculer, a
	 * broadcast from this node reaches its own handlers as {@code broadcastLocal}, and one from
	 * another node as {@code broadcast}.
	 */
	public @Nullable String type() {
		return this.type;
	}

	/** The payload as delivered, or {@code null} when the event had none. */
	public @Nullable Object payload() {
		return this.payload;
	}

	/**
	 * The payload converted to a type with the broker's JSON mapper, as an {@code @Event} handler
	 * parameter would receive it.
	 * @param <T> the type
	 * @param type the type
	 * @return the converted payload, or {@code null} when the event had none
	 * @throws io.github.moleculerspring.error.MoleculerError when it does not convert
	 */
	public <T> @Nullable T payload(Class<T> type) {
		return this.values.convertResult(this.payload, type);
	}

	/**
	 * The payload converted to a generic type.
	 * @param <T> the type
	 * @param type the type
	 * @return the converted payload, or {@code null} when the event had none
	 * @throws io.github.moleculerspring.error.MoleculerError when it does not convert
	 */
	public <T> @Nullable T payload(Type type) {
		return this.values.convertResult(this.payload, type);
	}

	/** The meta sent with the event (from the emitting context and the emit options). */
	public Map<String, Object> meta() {
		return this.meta;
	}

	/** The ID of the node the event came from. */
	public String nodeID() {
		return this.nodeID;
	}

	/** The full name of the service that emitted it from a handler, or {@code null}. */
	public @Nullable String caller() {
		return this.caller;
	}

	/** The groups the emit was restricted to, or {@code null} for all. */
	public @Nullable List<String> groups() {
		return this.groups;
	}

	/** The request ID of the chain the event belongs to. */
	public String requestID() {
		return this.requestID;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(this.name).append(" (").append(this.type);
		if (this.caller != null) {
			text.append(" by ").append(this.caller);
		}
		text.append(" from ").append(this.nodeID).append(")");
		text.append(": ").append(abbreviate(describe(this.payload)));
		return text.toString();
	}

	private String describe(@Nullable Object value) {
		if (value == null) {
			return "no payload";
		}
		try {
			return this.values.mapper().writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return String.valueOf(value);
		}
	}

	private static String abbreviate(String text) {
		return (text.length() <= 200) ? text : text.substring(0, 197) + "...";
	}

}
