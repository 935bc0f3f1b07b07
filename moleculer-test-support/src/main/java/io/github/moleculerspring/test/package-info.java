/**
 * Test fixtures shared by the project's suites: real {@code nats-server} processes, and the
 * external tools ({@code nats-server}, {@code node}, {@code npm}) located or provisioned for them.
 */
@NullMarked
package io.github.moleculerspring.test;

import org.jspecify.annotations.NullMarked;
