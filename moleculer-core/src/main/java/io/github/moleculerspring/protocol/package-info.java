/**
 * Moleculer wire protocol (v4 and v5): packets and their JSON encoding.
 */
@NullMarked
package io.github.moleculerspring.protocol;

import org.jspecify.annotations.NullMarked;
