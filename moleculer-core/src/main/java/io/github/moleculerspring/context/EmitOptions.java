package io.github.moleculerspring.context;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Options of an emit or broadcast: the groups to reach, meta and headers. Immutable. */
public final class EmitOptions {

	/** No options: every group. */
	public static final EmitOptions DEFAULT = new EmitOptions(null, null, null);

	private final @Nullable List<String> groups;

	private final @Nullable Map<String, Object> meta;

	private final @Nullable Map<String, Object> headers;

	private EmitOptions(@Nullable List<String> groups, @Nullable Map<String, Object> meta,
			@Nullable Map<String, Object> headers) {
		this.groups = (groups != null) ? List.copyOf(groups) : null;
		this.meta = meta;
		this.headers = headers;
	}

	/** Restricts the event to some groups. */
	public static EmitOptions groups(String... groups) {
		return new EmitOptions(List.of(groups), null, null);
	}

	/** A copy restricted to some groups. */
	public EmitOptions withGroups(@Nullable List<String> groups) {
		return new EmitOptions(groups, this.meta, this.headers);
	}

	/** A copy with meta. */
	public EmitOptions withMeta(@Nullable Map<String, Object> meta) {
		return new EmitOptions(this.groups, meta, this.headers);
	}

	/** A copy with headers (protocol 5). */
	public EmitOptions withHeaders(@Nullable Map<String, Object> headers) {
		return new EmitOptions(this.groups, this.meta, headers);
	}

	/** The groups to reach, or {@code null} for every group. */
	public @Nullable List<String> getGroups() {
		return this.groups;
	}

	public @Nullable Map<String, Object> getMeta() {
		return this.meta;
	}

	public @Nullable Map<String, Object> getHeaders() {
		return this.headers;
	}

}
