package io.github.moleculerspring.annotation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.moleculerspring.annotation.support.ArgumentResolver;
import io.github.moleculerspring.annotation.support.JakartaParamsValidator;
import io.github.moleculerspring.annotation.support.MoleculerHandlerMethod;
import io.github.moleculerspring.annotation.support.MoleculerHandlerMethodFactory;
import io.github.moleculerspring.annotation.support.OptionValues;
import io.github.moleculerspring.annotation.support.ParamsCoercion;
import io.github.moleculerspring.annotation.support.ParamsValidator;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.error.ServiceSchemaError;
import io.github.moleculerspring.service.ActionDefinition;
import io.github.moleculerspring.service.ActionFallback;
import io.github.moleculerspring.service.EventDefinition;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.strategy.UnknownStrategyException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Registers every {@link MoleculerService @MoleculerService} bean as a Moleculer service in the
 * application's {@link ServiceBroker}: its {@link Action @Action} methods become actions (with a
 * params schema derived from their signature) and its {@link Event @Event} methods event
 * handlers. Arguments are validated with Jakarta Bean Validation when a
 * {@code jakarta.validation.Validator} bean exists. An action's strategy, fallback method and
 * {@link CircuitBreaker @CircuitBreaker}, {@link Retry @Retry} and {@link Bulkhead @Bulkhead}
 * (also allowed on event handlers) become the Moleculer properties of the same names. Parameters
 * that the built-in bindings do not know are resolved by {@link ArgumentResolver} beans.
 *
 * <p>
 * Collect, then register, as Spring for Apache Kafka's listener post-processor does: while beans
 * are being created, the annotated beans are only collected, without touching the
 * {@link ServiceBroker} bean (which may itself still be in creation, for example when a broker
 * customizer depends on a service bean). Once every singleton exists
 * ({@link #afterSingletonsInstantiated()}, before the broker starts with the context's lifecycle),
 * their services are built and registered in the order the beans were created. A bean created
 * later (lazy, or prototype) is registered at once.
 *
 * <p>
 * Signatures are checked when the service is registered, so a bad handler or a duplicate action
 * fails the application context with a message naming the bean and the method. Methods are invoked
 * on the bean as exposed by the context (through its proxy, if any).
 */
public class MoleculerServiceBeanPostProcessor implements BeanPostProcessor, SmartInitializingSingleton,
		BeanFactoryAware, BeanClassLoaderAware, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(MoleculerServiceBeanPostProcessor.class);

	private static final String VALIDATOR_CLASS = "jakarta.validation.Validator";

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final Map<String, String> serviceBeans = new ConcurrentHashMap<>();

	private final List<ServiceBean> collected = new ArrayList<>();

	private boolean singletonsInstantiated;

	private @Nullable ListableBeanFactory beanFactory;

	private AttributeValueResolver attributeValues = new AttributeValueResolver(null);

	private @Nullable ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	private volatile @Nullable MoleculerHandlerMethodFactory handlerMethodFactory;

	private Supplier<ParamsCoercion> paramsCoercion = () -> ParamsCoercion.STRICT;

	/**
	 * Sets how handler arguments are converted; {@link ParamsCoercion#STRICT strict} by default.
	 * The supplier is asked once, when the first service is registered, so that it may read
	 * configuration properties that are not bound yet when this post-processor is created.
	 * @param paramsCoercion the supplier of the coercion mode
	 */
	public void setParamsCoercion(Supplier<ParamsCoercion> paramsCoercion) {
		this.paramsCoercion = paramsCoercion;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (!(beanFactory instanceof ListableBeanFactory listable)) {
			throw new IllegalStateException("MoleculerServiceBeanPostProcessor needs a ListableBeanFactory");
		}
		this.beanFactory = listable;
		this.attributeValues = new AttributeValueResolver(beanFactory);
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (ScopedProxyUtils.isScopedTarget(beanName)) {
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass)) {
			return bean;
		}
		MoleculerService annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, MoleculerService.class);
		if (annotation == null) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		ServiceBean serviceBean = new ServiceBean(bean, beanName, targetClass, annotation);
		synchronized (this.collected) {
			if (!this.singletonsInstantiated) {
				this.collected.add(serviceBean);
				return bean;
			}
		}
		register(serviceBean);
		return bean;
	}

	/**
	 * Registers the services of the beans collected so far, now that every singleton exists; from
	 * here on a new service bean is registered when it is created.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		List<ServiceBean> services;
		synchronized (this.collected) {
			this.singletonsInstantiated = true;
			services = List.copyOf(this.collected);
			this.collected.clear();
		}
		services.forEach(this::register);
	}

	private void register(ServiceBean serviceBean) {
		Object bean = serviceBean.bean();
		String beanName = serviceBean.beanName();
		ServiceBroker broker = getBeanFactory().getBean(ServiceBroker.class);
		Registration registration = buildService(bean, beanName, serviceBean.targetClass(), serviceBean.annotation(),
				broker);
		try {
			broker.createService(registration.definition());
		}
		catch (ServiceSchemaError ex) {
			throw new BeanInitializationException(clashMessage(ex, beanName, registration), ex);
		}
		this.serviceBeans.put(registration.definition().fullName(), beanName);
		if (logger.isDebugEnabled()) {
			logger.debug("Registered Moleculer service '{}' of bean '{}' with {} action(s) and {} event handler(s)",
					registration.definition().fullName(), beanName, registration.definition().actions().size(),
					registration.definition().events().size());
		}
	}

	private Registration buildService(Object bean, String beanName, Class<?> targetClass,
			MoleculerService annotation, ServiceBroker broker) {
		Class<?> userClass = ClassUtils.getUserClass(targetClass);
		ServiceDefinition.Builder builder;
		try {
			String name = resolve(annotation.name());
			if (name.isEmpty()) {
				name = defaultServiceName(userClass);
			}
			builder = ServiceDefinition.builder(name).version(version(resolve(annotation.version())));
			builder.settings(entries(annotation.settings(), "settings"));
			if (annotation.secureSettings().length > 0) {
				builder.setting(ServiceDefinition.SECURE_SETTINGS, List.of(annotation.secureSettings()));
			}
			builder.metadata(entries(annotation.metadata(), "metadata"));
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException("Invalid @MoleculerService on bean '" + beanName + "' ("
					+ userClass.getName() + "): " + ex.getMessage(), ex);
		}
		MoleculerHandlerMethodFactory factory = getHandlerMethodFactory(broker);
		Map<Method, Action> actions = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Action>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, Action.class));
		Map<Method, Event> events = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Event>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, Event.class));
		checkFaultToleranceTargets(targetClass, actions.keySet(), events.keySet(), beanName, userClass);
		Map<String, Method> actionMethods = new LinkedHashMap<>();
		for (Map.Entry<Method, Action> entry : sorted(actions)) {
			Method method = entry.getKey();
			Action action = entry.getValue();
			if (events.containsKey(method)) {
				throw invalid("@Action", beanName, userClass, method, "a method cannot be both @Action and @Event", null);
			}
			String actionName = action.name().isEmpty() ? method.getName()
					: resolveAttribute(action.name(), "@Action", beanName, userClass, method);
			Method previous = actionMethods.putIfAbsent(actionName, method);
			if (previous != null) {
				throw new BeanInitializationException("Bean '" + beanName + "' defines action '" + actionName
						+ "' twice: in " + describe(userClass, previous) + " and " + describe(userClass, method));
			}
			try {
				Method invocable = invocableMethod(method, bean);
				MoleculerHandlerMethod handler = factory.createActionMethod(bean, invocable, userClass);
				ActionDefinition.Builder definition = ActionDefinition.builder(actionName)
					.handler(handler::invoke)
					.visibility(action.visibility())
					.timeout(timeout(action))
					.params(handler.getParamsSchema())
					.nonBlocking(action.nonBlocking());
				if (!action.description().isEmpty()) {
					definition.property("description", resolve(action.description()));
				}
				if (!action.rest().isEmpty()) {
					definition.property("rest", resolve(action.rest()));
				}
				applyFaultTolerance(definition, method, userClass, action, broker);
				if (!action.fallback().isEmpty()) {
					definition.fallback(createFallback(bean, userClass, method, resolve(action.fallback()), factory));
				}
				builder.action(definition.build());
			}
			catch (RuntimeException ex) {
				throw invalid("@Action", beanName, userClass, method, ex.getMessage(), ex);
			}
		}
		for (Map.Entry<Method, Event> entry : sorted(events)) {
			Method method = entry.getKey();
			Event event = entry.getValue();
			String eventName = resolveAttribute(event.name(), "@Event", beanName, userClass, method);
			if (eventName.isEmpty()) {
				throw invalid("@Event", beanName, userClass, method,
						"the event name is missing; name it, as in @Event(\"user.created\")", null);
			}
			try {
				Method invocable = invocableMethod(method, bean);
				MoleculerHandlerMethod handler = factory.createEventMethod(bean, invocable, userClass);
				String group = resolve(event.group());
				EventDefinition.Builder definition = EventDefinition.builder(eventName)
					.group(group.isEmpty() ? null : group)
					.handler(handler::invoke)
					.nonBlocking(event.nonBlocking());
				Bulkhead bulkhead = methodOrClass(method, userClass, Bulkhead.class);
				if (bulkhead != null) {
					definition.property("bulkhead", FaultToleranceAttributes.bulkhead(bulkhead));
				}
				builder.event(definition.build());
			}
			catch (RuntimeException ex) {
				throw invalid("@Event", beanName, userClass, method, ex.getMessage(), ex);
			}
		}
		try {
			return new Registration(builder.build(), userClass, actionMethods);
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException("Invalid Moleculer service of bean '" + beanName + "' ("
					+ userClass.getName() + "): " + ex.getMessage(), ex);
		}
	}

	/**
	 * Publishes an action's strategy and its {@code @CircuitBreaker}, {@code @Retry} and
	 * {@code @Bulkhead} under Moleculer's property names.
	 */
	private void applyFaultTolerance(ActionDefinition.Builder definition, Method method, Class<?> userClass,
			Action action, ServiceBroker broker) {
		String strategy = resolve(action.strategy());
		if (!strategy.isEmpty()) {
			try {
				broker.options().strategyFactory(strategy);
			}
			catch (UnknownStrategyException ex) {
				throw new IllegalArgumentException("strategy '" + strategy + "' is unknown; use one of "
						+ String.join(", ", ex.known()) + " or the name of a StrategyFactory bean", ex);
			}
			String[] entries = Arrays.stream(action.strategyOptions()).map(this::resolve).toArray(String[]::new);
			definition.strategy(strategy, OptionValues.parse(entries, "strategyOptions"));
		}
		else if (action.strategyOptions().length > 0) {
			throw new IllegalArgumentException("strategyOptions are set without a strategy; name the strategy "
					+ "they configure, as in @Action(strategy = \"Shard\", strategyOptions = \"shardKey=userId\")");
		}
		CircuitBreaker circuitBreaker = methodOrClass(method, userClass, CircuitBreaker.class);
		if (circuitBreaker != null) {
			definition.circuitBreaker(FaultToleranceAttributes.circuitBreaker(circuitBreaker));
		}
		Retry retry = methodOrClass(method, userClass, Retry.class);
		if (retry != null) {
			definition.retryPolicy(FaultToleranceAttributes.retryPolicy(retry));
		}
		Bulkhead bulkhead = methodOrClass(method, userClass, Bulkhead.class);
		if (bulkhead != null) {
			definition.bulkhead(FaultToleranceAttributes.bulkhead(bulkhead));
		}
	}

	/** The method's annotation, or else its class's (class-level defaults for every handler). */
	private static <A extends java.lang.annotation.Annotation> @Nullable A methodOrClass(Method method,
			Class<?> userClass, Class<A> type) {
		A annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
		return (annotation != null) ? annotation : AnnotatedElementUtils.findMergedAnnotation(userClass, type);
	}

	/**
	 * The fallback of an action: the one method of the bean with that name, checked like a handler
	 * and for its return type.
	 */
	private static ActionFallback createFallback(Object bean, Class<?> userClass, Method action, String name,
			MoleculerHandlerMethodFactory factory) {
		Method[] candidates = ReflectionUtils.getUniqueDeclaredMethods(userClass,
				(method) -> method.getName().equals(name) && !method.isBridge() && !method.isSynthetic());
		if (candidates.length == 0) {
			throw new IllegalStateException("fallback method '" + name + "' not found in " + userClass.getName());
		}
		if (candidates.length > 1) {
			throw new IllegalStateException("fallback method '" + name + "' is overloaded in "
					+ userClass.getSimpleName() + " (" + candidates.length + " methods); give the fallback a "
					+ "unique name");
		}
		// a fallback is no handler: it may be private, as Resilience4j's fallback methods may
		Method invocable = AopUtils.selectInvocableMethod(candidates[0], bean.getClass());
		MoleculerHandlerMethod fallback;
		try {
			fallback = factory.createFallbackMethod(bean, invocable, action, userClass);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("fallback method " + describe(userClass, candidates[0]) + ": "
					+ ex.getMessage(), ex);
		}
		return fallback::invokeFallback;
	}

	/**
	 * The method to invoke on the bean as exposed, after checking that a call through it reaches
	 * the bean. Rejected: private methods (an implementation detail of the class; through a CGLIB
	 * proxy they would run on the proxy instance, whose fields are not set, and a bean can become
	 * proxied at any time, by adding {@code @Transactional} for example), static methods (they
	 * have no bean), and, on a CGLIB proxy, final methods and package-private methods of a class
	 * from another class loader, which the proxy cannot override: the call would bypass the
	 * proxy's advice and see the proxy's unset fields. Package-private and protected methods are
	 * accepted otherwise: they are invoked by reflection on an unproxied bean, and through the
	 * proxy (which overrides them) on a CGLIB-proxied one; on a JDK proxy only interface methods
	 * are invocable, as {@link AopUtils#selectInvocableMethod} checks.
	 */
	private static Method invocableMethod(Method method, Object bean) {
		int modifiers = method.getModifiers();
		if (Modifier.isPrivate(modifiers)) {
			throw new IllegalStateException("the method is private; a handler must be callable on the bean as "
					+ "Spring exposes it: make it public, protected or package-private");
		}
		if (Modifier.isStatic(modifiers)) {
			throw new IllegalStateException("the method is static; a handler runs on the bean: make it an "
					+ "instance method");
		}
		if (AopUtils.isCglibProxy(bean)) {
			if (Modifier.isFinal(modifiers)) {
				throw new IllegalStateException("the method is final, so the CGLIB proxy of the bean cannot "
						+ "override it and the call would skip the proxy's advice and see its unset fields: "
						+ "remove 'final'");
			}
			boolean packagePrivate = !Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers);
			if (packagePrivate && bean.getClass().getClassLoader() != method.getDeclaringClass().getClassLoader()) {
				throw new IllegalStateException("the method is package-private and the CGLIB proxy of the bean "
						+ "comes from another class loader, so it cannot override it: make it public or protected");
			}
		}
		return AopUtils.selectInvocableMethod(method, bean.getClass());
	}

	/**
	 * Rejects {@code @CircuitBreaker}, {@code @Retry} and {@code @Bulkhead} where they would do
	 * nothing: on a method that is no handler, and (but for {@code @Bulkhead}) on an event handler.
	 */
	private static void checkFaultToleranceTargets(Class<?> targetClass, Set<Method> actions, Set<Method> events,
			String beanName, Class<?> userClass) {
		Map<Method, String> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<String>) (method) -> {
					if (AnnotatedElementUtils.hasAnnotation(method, CircuitBreaker.class)) {
						return "@CircuitBreaker";
					}
					if (AnnotatedElementUtils.hasAnnotation(method, Retry.class)) {
						return "@Retry";
					}
					return AnnotatedElementUtils.hasAnnotation(method, Bulkhead.class) ? "@Bulkhead" : null;
				});
		for (Map.Entry<Method, String> entry : sorted(annotated)) {
			Method method = entry.getKey();
			if (events.contains(method) && !entry.getValue().equals("@Bulkhead")) {
				throw invalid("@Event", beanName, userClass, method, entry.getValue()
						+ " applies to @Action methods only; an event handler may have a @Bulkhead", null);
			}
			if (!actions.contains(method) && !events.contains(method)) {
				throw invalid(entry.getValue(), beanName, userClass, method,
						"it applies to @Action (or, for @Bulkhead, @Event) methods only; add @Action", null);
			}
		}
	}

	/**
	 * The service name derived from a class: its simple name without a trailing {@code Service},
	 * with a lower-case first letter ({@code GreeterService} gives {@code greeter}).
	 * @param type the class
	 * @return the name
	 */
	public static String defaultServiceName(Class<?> type) {
		String simpleName = ClassUtils.getUserClass(type).getSimpleName();
		String base = (simpleName.endsWith("Service") && simpleName.length() > "Service".length())
				? simpleName.substring(0, simpleName.length() - "Service".length()) : simpleName;
		return StringUtils.uncapitalizeAsProperty(base);
	}

	private MoleculerHandlerMethodFactory getHandlerMethodFactory(ServiceBroker broker) {
		MoleculerHandlerMethodFactory factory = this.handlerMethodFactory;
		if (factory == null) {
			List<ArgumentResolver> resolvers = getBeanFactory().getBeanProvider(ArgumentResolver.class)
				.orderedStream()
				.toList();
			factory = new MoleculerHandlerMethodFactory(broker.values().mapper(), findValidator(),
					this.paramsCoercion.get(), resolvers);
			this.handlerMethodFactory = factory;
		}
		return factory;
	}

	private @Nullable ParamsValidator findValidator() {
		if (!ClassUtils.isPresent(VALIDATOR_CLASS, this.classLoader)) {
			return null;
		}
		return JakartaParamsValidator.fromBeanFactory(getBeanFactory());
	}

	private ListableBeanFactory getBeanFactory() {
		ListableBeanFactory factory = this.beanFactory;
		if (factory == null) {
			throw new IllegalStateException("MoleculerServiceBeanPostProcessor has no BeanFactory");
		}
		return factory;
	}

	private String resolve(String value) {
		return this.attributeValues.resolve(value);
	}

	/** A resolved attribute of a method's annotation; a failure names the bean and the method. */
	private String resolveAttribute(String value, String annotation, String beanName, Class<?> userClass,
			Method method) {
		try {
			return resolve(value);
		}
		catch (RuntimeException ex) {
			throw invalid(annotation, beanName, userClass, method, ex.getMessage(), ex);
		}
	}

	private long timeout(Action action) {
		String timeout = resolve(action.timeoutString()).trim();
		if (timeout.isEmpty()) {
			return action.timeout();
		}
		if (action.timeout() != 0) {
			throw new IllegalArgumentException("timeout and timeoutString are both set; set one");
		}
		try {
			return Long.parseLong(timeout);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("timeoutString '" + timeout + "' is not a number of milliseconds");
		}
	}

	private static @Nullable Object version(String version) {
		if (version.isEmpty()) {
			return null;
		}
		if (version.chars().allMatch(Character::isDigit) && version.length() < 10) {
			return Integer.valueOf(version);
		}
		return version;
	}

	private Map<String, Object> entries(String[] entries, String attribute) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (String entry : entries) {
			int separator = entry.indexOf('=');
			if (separator <= 0) {
				throw new IllegalArgumentException(attribute + " entry '" + entry + "' is not of the form key=value");
			}
			map.put(entry.substring(0, separator).trim(), resolve(entry.substring(separator + 1)));
		}
		return map;
	}

	private static <A> List<Map.Entry<Method, A>> sorted(Map<Method, A> methods) {
		List<Map.Entry<Method, A>> list = new ArrayList<>(methods.entrySet());
		list.sort(Comparator.comparing((Map.Entry<Method, A> entry) -> entry.getKey().getName())
			.thenComparing((entry) -> entry.getKey().toGenericString()));
		return list;
	}

	private static BeanInitializationException invalid(String annotation, String beanName, Class<?> userClass,
			Method method, @Nullable String reason, @Nullable Throwable cause) {
		String message = "Invalid " + annotation + " method " + describe(userClass, method) + " of bean '" + beanName
				+ "': " + reason;
		return (cause != null) ? new BeanInitializationException(message, cause)
				: new BeanInitializationException(message);
	}

	private static String describe(Class<?> userClass, Method method) {
		return userClass.getSimpleName() + "." + method.getName() + "("
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
				+ ")";
	}

	private String clashMessage(ServiceSchemaError ex, String beanName, Registration registration) {
		String fullServiceName = registration.definition().fullName();
		String prefix = "Cannot register Moleculer service '" + fullServiceName + "' of bean '" + beanName + "' ("
				+ registration.userClass().getName() + ")";
		String otherBean = this.serviceBeans.get(fullServiceName);
		if (otherBean != null) {
			return prefix + ": bean '" + otherBean + "' already registered a service of that name";
		}
		if (ex.getData() instanceof Map<?, ?> data && data.get("action") instanceof String fullName) {
			for (Map.Entry<String, Method> action : registration.actionMethods().entrySet()) {
				if (fullName.equals(registration.definition().fullName() + "." + action.getKey())) {
					return prefix + ": action '" + fullName + "' of method "
							+ describe(registration.userClass(), action.getValue())
							+ " is already registered by another service";
				}
			}
		}
		return prefix + ": " + ex.getMessage();
	}

	/**
	 * A {@code @MoleculerService} bean waiting for its registration.
	 * @param bean the bean as exposed
	 * @param beanName its name
	 * @param targetClass its class behind any proxy
	 * @param annotation its annotation
	 */
	private record ServiceBean(Object bean, String beanName, Class<?> targetClass, MoleculerService annotation) {
	}

	/**
	 * A service built from a bean, with what error messages need.
	 * @param definition the service
	 * @param userClass the bean's class
	 * @param actionMethods the method of each action, by raw name
	 */
	private record Registration(ServiceDefinition definition, Class<?> userClass, Map<String, Method> actionMethods) {
	}

}
