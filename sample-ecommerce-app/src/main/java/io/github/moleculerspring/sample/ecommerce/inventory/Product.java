package io.github.moleculerspring.sample.ecommerce.inventory;

import java.math.BigDecimal;

/**
 * A product and its stock, as the {@code inventory} actions return it.
 * @param id the id
 * @param sku the stock-keeping unit (unique)
 * @param name the name
 * @param price the unit price
 * @param stock the units available (not reserved)
 */
public record Product(String id, String sku, String name, BigDecimal price, int stock) {
}
