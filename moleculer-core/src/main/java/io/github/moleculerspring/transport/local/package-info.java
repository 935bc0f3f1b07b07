/**
 * An in-JVM transporter: brokers in one JVM exchange serialized packets through a shared bus.
 */
@NullMarked
package io.github.moleculerspring.transport.local;

import org.jspecify.annotations.NullMarked;
