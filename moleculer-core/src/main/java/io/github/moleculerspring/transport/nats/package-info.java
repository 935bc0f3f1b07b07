/**
 * The NATS transporter, on the jnats client: Moleculer's default transport, with the subjects,
 * queue groups and reconnect behaviour of Moleculer.js's {@code NatsTransporter}.
 */
@NullMarked
package io.github.moleculerspring.transport.nats;

import org.jspecify.annotations.NullMarked;
