/**
 * The REST API of the sample, which calls the Moleculer services through the broker.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.web;

import org.jspecify.annotations.NullMarked;
