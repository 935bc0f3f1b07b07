package io.github.moleculerspring.test.autoconfigure.example;

/**
 * An order placed by {@link OrdersService}.
 * @param id the order ID
 * @param sku the product
 * @param quantity how many
 * @param status {@code PLACED}
 */
public record Order(String id, String sku, int quantity, String status) {
}
