package io.github.moleculerspring.autoconfigure;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Fails startup, before any bean is created, when the environment has a {@code moleculer.*} key
 * that no Moleculer configuration properties class binds, naming the key, where it was set and
 * the closest known key. Spring Boot itself ignores unknown keys, but under {@code moleculer} a
 * typo such as {@code moleculer.transpoter} would silently start a broker without a transporter,
 * so typos fail by default; {@code moleculer.fail-on-unknown-properties=false} turns the failure
 * into a warning for each key (for a configuration shared with another version, for instance).
 *
 * <p>
 * The known keys are those of {@link MoleculerProperties}, {@link MoleculerNatsProperties} (also
 * without jnats, where they are merely unused) and any other {@code @ConfigurationProperties}
 * bean whose prefix is under {@code moleculer}, so that a transporter module's own properties
 * count as known.
 */
public class UnknownMoleculerPropertiesCheck implements BeanFactoryPostProcessor, Ordered {

	/** The key of the switch. */
	public static final String FAIL_ON_UNKNOWN_PROPERTIES = "moleculer.fail-on-unknown-properties";

	private static final Logger logger = LoggerFactory.getLogger(UnknownMoleculerPropertiesCheck.class);

	private static final ConfigurationPropertyName MOLECULER = ConfigurationPropertyName.of("moleculer");

	private final Environment environment;

	/**
	 * Creates the check.
	 * @param environment the environment whose keys are checked
	 */
	public UnknownMoleculerPropertiesCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		List<UnknownMoleculerPropertiesException.UnknownProperty> unknown = new MoleculerPropertyNames(
				propertiesClasses(beanFactory))
			.findUnknown(ConfigurationPropertySources.get(this.environment));
		if (unknown.isEmpty()) {
			return;
		}
		boolean fail = Binder.get(this.environment).bind(FAIL_ON_UNKNOWN_PROPERTIES, Boolean.class).orElse(true);
		if (fail) {
			throw new UnknownMoleculerPropertiesException(unknown);
		}
		for (UnknownMoleculerPropertiesException.UnknownProperty property : unknown) {
			logger.warn("{}; it is ignored ({}=false)", property.description(), FAIL_ON_UNKNOWN_PROPERTIES);
		}
	}

	/**
	 * The properties classes whose keys are known: the built-in ones and the
	 * {@code @ConfigurationProperties} beans under {@code moleculer}.
	 */
	static List<Map.Entry<String, Class<?>>> propertiesClasses(ConfigurableListableBeanFactory beanFactory) {
		List<Map.Entry<String, Class<?>>> classes = new ArrayList<>();
		classes.add(new AbstractMap.SimpleImmutableEntry<>("moleculer", MoleculerProperties.class));
		classes.add(new AbstractMap.SimpleImmutableEntry<>("moleculer.nats", MoleculerNatsProperties.class));
		for (String name : beanFactory.getBeanDefinitionNames()) {
			try {
				ConfigurationProperties annotation = beanFactory.findAnnotationOnBean(name,
						ConfigurationProperties.class, false);
				Class<?> type = (annotation != null) ? beanFactory.getType(name, false) : null;
				if (annotation == null || type == null) {
					continue;
				}
				String prefix = StringUtils.hasText(annotation.prefix()) ? annotation.prefix() : annotation.value();
				ConfigurationPropertyName prefixName = ConfigurationPropertyName.ofIfValid(prefix);
				if (prefixName != null && (MOLECULER.equals(prefixName) || MOLECULER.isAncestorOf(prefixName))) {
					classes.add(new AbstractMap.SimpleImmutableEntry<>(prefixName.toString(), type));
				}
			}
			catch (BeansException ex) {
				// A bean whose type cannot be determined yet fails on its own when it is created.
			}
		}
		return classes;
	}

}
