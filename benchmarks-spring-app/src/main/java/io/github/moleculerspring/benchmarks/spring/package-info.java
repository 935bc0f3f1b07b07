/**
 * The Spring Boot node of the cluster benchmark (see {@code docs/benchmarks.md}).
 */
@NullMarked
package io.github.moleculerspring.benchmarks.spring;

import org.jspecify.annotations.NullMarked;
