package io.github.moleculerspring.sample.ecommerce.shop;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnShopService}: matches when {@code shop.services}
 * (default: every part) contains the annotation's value. An unknown name in the list fails the
 * startup, so a typo does not silently leave a service out.
 */
class OnShopServiceCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnShopService.class.getName());
		String wanted = (String) attributes.get("value");
		List<String> services = Binder.get(context.getEnvironment())
			.bind("shop.services", Bindable.listOf(String.class))
			.orElse(ShopProperties.ALL_SERVICES)
			.stream()
			.map((name) -> name.trim().toLowerCase(Locale.ROOT))
			.toList();
		for (String name : services) {
			if (!ShopProperties.ALL_SERVICES.contains(name)) {
				throw new IllegalStateException(
						"Unknown part '" + name + "' in shop.services; expected any of " + ShopProperties.ALL_SERVICES);
			}
		}
		return services.contains(wanted) ? ConditionOutcome.match("shop.services contains " + wanted)
				: ConditionOutcome.noMatch("shop.services " + services + " does not contain " + wanted);
	}

}
