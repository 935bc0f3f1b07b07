/**
 * Support for annotated handler methods: argument resolution, Bean Validation of parameters and
 * the params schema derived from Java signatures, fallback methods, and option maps written as text.
 */
@NullMarked
package io.github.moleculerspring.annotation.support;

import org.jspecify.annotations.NullMarked;
