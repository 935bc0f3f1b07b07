/**
 * Auto-configuration of the Spring web support.
 */
@NullMarked
package io.github.moleculerspring.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
