/**
 * The call context that travels with every request and event.
 */
@NullMarked
package io.github.moleculerspring.context;

import org.jspecify.annotations.NullMarked;
