/**
 * The transporter SPI and the transit layer that turns broker operations into packets.
 */
@NullMarked
package io.github.moleculerspring.transport;

import org.jspecify.annotations.NullMarked;
