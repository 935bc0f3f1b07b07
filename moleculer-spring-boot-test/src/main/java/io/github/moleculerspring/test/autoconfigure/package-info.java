/**
 * The {@link io.github.moleculerspring.test.autoconfigure.MoleculerTest @MoleculerTest} test
 * slice: an application context with only the Moleculer services under test, on a broker that
 * runs in this JVM on a bus of its own.
 */
@NullMarked
package io.github.moleculerspring.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
