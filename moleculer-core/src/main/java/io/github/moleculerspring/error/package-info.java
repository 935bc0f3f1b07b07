/**
 * Moleculer's error classes and their JSON form on the wire.
 */
@NullMarked
package io.github.moleculerspring.error;

import org.jspecify.annotations.NullMarked;
