/**
 * Spring web support: Moleculer errors as RFC 9457 problem details.
 */
@NullMarked
package io.github.moleculerspring.web;

import org.jspecify.annotations.NullMarked;
