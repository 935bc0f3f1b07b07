/**
 * Auto-configuration of the {@code moleculer} health indicator.
 */
@NullMarked
package io.github.moleculerspring.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
