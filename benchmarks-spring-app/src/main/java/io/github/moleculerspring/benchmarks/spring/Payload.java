package io.github.moleculerspring.benchmarks.spring;

import jakarta.validation.constraints.NotNull;

/**
 * The params of {@code bench.echoRecord}: what a typed {@code @Action} receives and returns.
 * @param data the payload string
 */
public record Payload(@NotNull String data) {
}
