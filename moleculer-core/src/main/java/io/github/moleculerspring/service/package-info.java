/**
 * Service, action and event definitions as the broker registers them.
 */
@NullMarked
package io.github.moleculerspring.service;

import org.jspecify.annotations.NullMarked;
