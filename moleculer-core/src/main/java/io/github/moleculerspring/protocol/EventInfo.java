package io.github.moleculerspring.protocol;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An event subscription descriptor as published in INFO.
 * @param name the event name, possibly with wildcards ({@code user.*}, {@code user.**})
 * @param group the group; {@code null} means the service name
 * @param descriptor every published property ({@code name, group...})
 */
public record EventInfo(String name, @Nullable String group, Map<String, Object> descriptor) {
}
