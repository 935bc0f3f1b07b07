/**
 * Micrometer metrics with Moleculer's names and tags, so dashboards made for Moleculer.js work for
 * Java nodes.
 */
@NullMarked
package io.github.moleculerspring.metrics;

import org.jspecify.annotations.NullMarked;
