package io.github.moleculerspring.annotation;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

/**
 * Resolves the string attributes of the annotations, as {@code @KafkaListener}'s are: {@code ${…}}
 * placeholders with the bean factory's embedded value resolvers, then {@code #{…}} SpEL
 * expressions with its {@link BeanExpressionResolver} (so they may name beans, {@code @beanName}).
 * A value with neither is returned as it is; an expression's result becomes its string, and a
 * {@code null} result the empty string (the attribute's default).
 */
final class AttributeValueResolver {

	private final @Nullable ConfigurableBeanFactory beanFactory;

	private final @Nullable BeanExpressionContext expressionContext;

	AttributeValueResolver(@Nullable BeanFactory beanFactory) {
		this.beanFactory = (beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable : null;
		this.expressionContext = (this.beanFactory != null) ? new BeanExpressionContext(this.beanFactory, null) : null;
	}

	String resolve(String value) {
		ConfigurableBeanFactory factory = this.beanFactory;
		if (factory == null) {
			return value;
		}
		String resolved = value;
		if (resolved.contains("${")) {
			String embedded = factory.resolveEmbeddedValue(resolved);
			resolved = (embedded != null) ? embedded : resolved;
		}
		BeanExpressionResolver expressions = factory.getBeanExpressionResolver();
		if (expressions == null || this.expressionContext == null || !resolved.contains("#{")) {
			return resolved;
		}
		Object evaluated = expressions.evaluate(resolved, this.expressionContext);
		return (evaluated != null) ? evaluated.toString() : "";
	}

}
