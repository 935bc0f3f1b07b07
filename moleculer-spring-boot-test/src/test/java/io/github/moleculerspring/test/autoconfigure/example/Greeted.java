package io.github.moleculerspring.test.autoconfigure.example;

/**
 * The payload of {@code greeter.greeted}.
 * @param name who was greeted
 */
public record Greeted(String name) {
}
