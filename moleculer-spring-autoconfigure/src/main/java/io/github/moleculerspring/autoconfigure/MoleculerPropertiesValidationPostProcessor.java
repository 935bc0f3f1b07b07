package io.github.moleculerspring.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.StringUtils;

/**
 * Checks {@link MoleculerProperties} and {@link MoleculerNatsProperties} beans right after Spring
 * Boot has bound them (the binding post-processor is {@code PriorityOrdered}, so it runs first),
 * with {@link MoleculerPropertiesValidator}, and fails their creation with an
 * {@link InvalidMoleculerPropertiesException} listing every invalid value. A bad value thus stops
 * startup before the broker or the transporter that would use it exists, whichever bean asks for
 * the properties first.
 */
public class MoleculerPropertiesValidationPostProcessor implements BeanPostProcessor, Ordered {

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof MoleculerProperties || bean instanceof MoleculerNatsProperties) {
			List<InvalidMoleculerPropertiesException.Violation> violations = MoleculerPropertiesValidator
				.validate(bean, prefix(bean.getClass()));
			if (!violations.isEmpty()) {
				throw new InvalidMoleculerPropertiesException(violations);
			}
		}
		return bean;
	}

	private static String prefix(Class<?> type) {
		ConfigurationProperties annotation = AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
		if (annotation == null) {
			return (MoleculerNatsProperties.class.isAssignableFrom(type)) ? "moleculer.nats" : "moleculer";
		}
		return StringUtils.hasText(annotation.prefix()) ? annotation.prefix() : annotation.value();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
