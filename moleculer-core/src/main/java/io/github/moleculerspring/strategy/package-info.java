/**
 * Load-balancing strategies that pick an endpoint among the available ones.
 */
@NullMarked
package io.github.moleculerspring.strategy;

import org.jspecify.annotations.NullMarked;
