package io.github.moleculerspring.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The tree of the keys that the {@code @ConfigurationProperties} classes under {@code moleculer}
 * bind, built from their JavaBean properties as Spring Boot's binder sees them: nested objects
 * are branches, {@code Map} properties accept any key below them ({@code moleculer.metadata.*},
 * {@code moleculer.registry.strategy-options.*}, {@code moleculer.nats.properties.*}) and lists
 * accept indexes. It finds the keys of the environment that match none of them, with Boot's
 * relaxed binding (kebab case, camel case, underscores, and environment variables, where
 * {@code MOLECULER_HEARTBEAT_INTERVAL} may stand for {@code moleculer.heartbeat-interval}), and
 * suggests the closest known key for each.
 */
final class MoleculerPropertyNames {

	private final Node root = new Node("", Kind.GROUP);

	private final List<String> keys = new ArrayList<>();

	/**
	 * Builds the tree of some properties classes.
	 * @param classes the classes by prefix, such as {@code moleculer.nats} for
	 * {@link MoleculerNatsProperties}
	 */
	MoleculerPropertyNames(List<Map.Entry<String, Class<?>>> classes) {
		for (Map.Entry<String, Class<?>> entry : classes) {
			ConfigurationPropertyName prefix = ConfigurationPropertyName.of(entry.getKey());
			Node node = this.root;
			for (int i = 0; i < prefix.getNumberOfElements(); i++) {
				node = node.child(prefix.getElement(i, Form.UNIFORM), join(node.key, prefix.getElement(i, Form.DASHED)),
						Kind.GROUP);
			}
			addProperties(node, entry.getValue());
		}
		collectKeys(this.root);
	}

	private void addProperties(Node node, Class<?> type) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			Class<?> propertyType = descriptor.getPropertyType();
			if (descriptor.getReadMethod() == null || propertyType == null || descriptor.getName().equals("class")) {
				continue;
			}
			String name = DataObjectPropertyName.toDashedForm(descriptor.getName());
			String key = join(node.key, name);
			String uniform = ConfigurationPropertyName.of(name).getElement(0, Form.UNIFORM);
			if (Map.class.isAssignableFrom(propertyType)) {
				node.child(uniform, key, Kind.MAP);
			}
			else if (Collection.class.isAssignableFrom(propertyType) || propertyType.isArray()) {
				node.child(uniform, key, Kind.LIST);
			}
			else if (isValue(propertyType)) {
				if (descriptor.getWriteMethod() != null) {
					node.child(uniform, key, Kind.VALUE);
				}
			}
			else {
				addProperties(node.child(uniform, key, Kind.GROUP), propertyType);
			}
		}
	}

	private static boolean isValue(Class<?> type) {
		return BeanUtils.isSimpleValueType(type) || type.getName().startsWith("java.")
				|| type.getName().startsWith("org.springframework.");
	}

	private void collectKeys(Node node) {
		if (node.kind != Kind.GROUP) {
			this.keys.add(node.key);
			return;
		}
		node.children.values().forEach(this::collectKeys);
	}

	/**
	 * The known keys: values, lists and maps, in their canonical form.
	 * @return the keys
	 */
	List<String> keys() {
		return this.keys;
	}

	/**
	 * Whether a key is bound by one of the classes, or is a group of them (such as an empty
	 * {@code moleculer.registry:} block in YAML).
	 * @param name the key
	 * @param environmentVariable whether it comes from an environment variable, where {@code _}
	 * stands for both {@code .} and {@code -}
	 * @return whether the key is known
	 */
	boolean isKnown(ConfigurationPropertyName name, boolean environmentVariable) {
		return matches(this.root, name, 0, environmentVariable);
	}

	private boolean matches(Node node, ConfigurationPropertyName name, int index, boolean environmentVariable) {
		if (node.kind == Kind.MAP || index == name.getNumberOfElements()) {
			return true;
		}
		if (node.kind == Kind.LIST) {
			return name.isNumericIndex(index);
		}
		if (node.kind == Kind.VALUE || name.isNumericIndex(index)) {
			return false;
		}
		StringBuilder element = new StringBuilder(name.getElement(index, Form.UNIFORM));
		Node child = node.children.get(element.toString());
		if (child != null && matches(child, name, index + 1, environmentVariable)) {
			return true;
		}
		if (environmentVariable) {
			for (int next = index + 1; next < name.getNumberOfElements() && !name.isNumericIndex(next); next++) {
				element.append(name.getElement(next, Form.UNIFORM));
				child = node.children.get(element.toString());
				if (child != null && matches(child, name, next + 1, true)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Finds the keys under {@code moleculer} that no class binds.
	 * @param sources the property sources of the environment
	 * @return the unknown keys, each once with the origin of its first (winning) occurrence
	 */
	List<UnknownMoleculerPropertiesException.UnknownProperty> findUnknown(
			Iterable<ConfigurationPropertySource> sources) {
		ConfigurationPropertyName moleculer = ConfigurationPropertyName.of("moleculer");
		Map<ConfigurationPropertyName, UnknownMoleculerPropertiesException.UnknownProperty> unknown = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			boolean environmentVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
			iterable.stream()
				.filter(moleculer::isAncestorOf)
				.filter((name) -> !isKnown(name, environmentVariables))
				.filter((name) -> !unknown.containsKey(name))
				.forEach((name) -> unknown.put(name, new UnknownMoleculerPropertiesException.UnknownProperty(
						name.toString(), origin(source, name), suggest(name))));
		}
		return new ArrayList<>(unknown.values());
	}

	private static String origin(ConfigurationPropertySource source, ConfigurationPropertyName name) {
		ConfigurationProperty property = source.getConfigurationProperty(name);
		Origin origin = (property != null) ? property.getOrigin() : null;
		if (origin != null) {
			return origin.toString();
		}
		Object underlying = source.getUnderlyingSource();
		return (underlying instanceof PropertySource<?> propertySource)
				? "property source '" + propertySource.getName() + "'" : String.valueOf(underlying);
	}

	/**
	 * The known key closest to an unknown one, if it is close enough to be a typo of it.
	 * @param name the unknown key
	 * @return the suggestion, or {@code null}
	 */
	@Nullable String suggest(ConfigurationPropertyName name) {
		String unknown = uniform(name, name.getNumberOfElements());
		String lastElement = name.getLastElement(Form.UNIFORM);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		int bestScore = Integer.MAX_VALUE;
		for (String key : this.keys) {
			ConfigurationPropertyName known = ConfigurationPropertyName.of(key);
			int elements = known.getNumberOfElements();
			boolean map = isMap(known);
			String candidate = key;
			String uniformKey = uniform(known, elements);
			int distance = distance(unknown, uniformKey);
			if (map && name.getNumberOfElements() > elements) {
				int prefixDistance = distance(uniform(name, elements), uniformKey);
				if (prefixDistance < distance) {
					distance = prefixDistance;
					candidate = key + "." + name.subName(elements);
				}
			}
			// Among keys as far from the unknown one, prefer those it abbreviates or whose last
			// element it has (retry.enabled: retry-policy.enabled), and keys over map entries.
			boolean related = uniformKey.startsWith(unknown) || known.getLastElement(Form.UNIFORM).equals(lastElement);
			int score = 4 * distance + (map ? 2 : 0) - (related ? 3 : 0);
			if (score < bestScore) {
				bestScore = score;
				bestDistance = distance;
				best = candidate;
			}
		}
		return (best != null && bestDistance <= Math.max(2, unknown.length() / 3)) ? best : null;
	}

	private boolean isMap(ConfigurationPropertyName key) {
		Node node = this.root;
		for (int i = 0; i < key.getNumberOfElements() && node != null; i++) {
			node = node.children.get(key.getElement(i, Form.UNIFORM));
		}
		return node != null && node.kind == Kind.MAP;
	}

	private static String uniform(ConfigurationPropertyName name, int elements) {
		StringBuilder uniform = new StringBuilder();
		for (int i = 0; i < Math.min(elements, name.getNumberOfElements()); i++) {
			uniform.append((i > 0) ? "." : "").append(name.getElement(i, Form.UNIFORM));
		}
		return uniform.toString();
	}

	/** Levenshtein distance: the fewest one-character edits that turn one string into the other. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static String join(String parent, String name) {
		return parent.isEmpty() ? name : parent + "." + name;
	}

	private enum Kind {

		GROUP, VALUE, LIST, MAP

	}

	private static final class Node {

		private final String key;

		private final Kind kind;

		private final Map<String, Node> children = new LinkedHashMap<>();

		Node(String key, Kind kind) {
			this.key = key;
			this.kind = kind;
		}

		Node child(String uniform, String key, Kind kind) {
			return this.children.computeIfAbsent(uniform, (name) -> new Node(key, kind));
		}

	}

}
