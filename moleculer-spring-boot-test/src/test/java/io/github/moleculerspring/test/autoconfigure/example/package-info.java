/**
 * An application with Moleculer services, and the tests of the {@code @MoleculerTest} slice on it.
 */
@NullMarked
package io.github.moleculerspring.test.autoconfigure.example;

import org.jspecify.annotations.NullMarked;
