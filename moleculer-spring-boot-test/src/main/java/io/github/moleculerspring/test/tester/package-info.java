/**
 * Helpers for tests of Moleculer services: {@link io.github.moleculerspring.test.tester.MoleculerTester}
 * calls actions and emits events with bounded waits, and
 * {@link io.github.moleculerspring.test.tester.EventRecorder} records the events the broker
 * delivers so that a test can await them.
 */
@NullMarked
package io.github.moleculerspring.test.tester;

import org.jspecify.annotations.NullMarked;
