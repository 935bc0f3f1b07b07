/**
 * Auto-configuration of Micrometer Observations (and so tracing) around Moleculer calls and events.
 */
@NullMarked
package io.github.moleculerspring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
