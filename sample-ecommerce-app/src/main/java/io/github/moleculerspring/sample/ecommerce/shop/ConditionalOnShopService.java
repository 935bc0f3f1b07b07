package io.github.moleculerspring.sample.ecommerce.shop;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean only when {@code shop.services} names the given part of the shop, so one jar
 * runs every service in one JVM (the default) or a subset per node of a cluster.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnShopServiceCondition.class)
public @interface ConditionalOnShopService {

	/**
	 * The part of the shop: {@code gateway}, {@code users}, {@code inventory}, {@code payments},
	 * {@code orders} or {@code notifications}.
	 * @return the name
	 */
	String value();

}
