/**
 * Shop-wide plumbing: which services a node runs ({@code shop.services}), the shop's settings, and per-service database migrations.
 */
@NullMarked
package io.github.moleculerspring.sample.ecommerce.shop;

import org.jspecify.annotations.NullMarked;
