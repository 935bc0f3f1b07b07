/**
 * Micrometer metrics with Moleculer's names and tags, so dashboards made for Moleculer.js work for
 * Java nodes: the names, the broker's gauges, and the metric listing of {@code $node.metrics}. The
 * request and event meters are recorded by {@code io.github.moleculerspring.middleware.MetricsMiddleware}.
 */
@NullMarked
package io.github.moleculerspring.metrics;

import org.jspecify.annotations.NullMarked;
