package io.github.moleculerspring.sample.ecommerce;

/**
 * The payload of the {@code greeter.welcomed} event.
 * @param name who was welcomed
 */
public record Welcomed(String name) {
}
