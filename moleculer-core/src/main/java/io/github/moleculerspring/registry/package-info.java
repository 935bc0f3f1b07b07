/**
 * The service registry: nodes, services, action and event endpoints, discovery and liveness.
 */
@NullMarked
package io.github.moleculerspring.registry;

import org.jspecify.annotations.NullMarked;
