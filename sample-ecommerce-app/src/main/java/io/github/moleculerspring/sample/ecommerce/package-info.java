/**
 * A sample e-commerce application: Moleculer services in a Spring Boot application.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce;

import org.jspecify.annotations.NullMarked;
