/**
 * Benchmarks: JMH micro-benchmarks of the call path and the packet codec, and a cluster benchmark
 * comparing Java and Moleculer.js nodes with raw jnats request/reply on one nats-server.
 */
@NullMarked
package io.github.moleculerspring.benchmarks;

import org.jspecify.annotations.NullMarked;
