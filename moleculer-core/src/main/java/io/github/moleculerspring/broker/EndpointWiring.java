package io.github.moleculerspring.broker;

import java.util.Map;

import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.middleware.MiddlewareChain;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.strategy.Strategy;
import io.github.moleculerspring.strategy.StrategyFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires each endpoint the registry adds, once: local handlers and remote requests through the
 * middleware chain, and the strategy an action's endpoints are chosen by (the broker's, or the one
 * the action names).
 */
final class EndpointWiring implements Registry.Wiring {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private final ServiceBroker broker;

	private final MiddlewareChain middlewares;

	private final ActionCaller caller;

	private final EventBus events;

	EndpointWiring(ServiceBroker broker, MiddlewareChain middlewares, ActionCaller caller, EventBus events) {
		this.broker = broker;
		this.middlewares = middlewares;
		this.caller = caller;
		this.events = events;
	}

	@Override
	public ActionInvoker localAction(ActionEndpoint endpoint) {
		return this.middlewares.localAction((ctx) -> this.caller.invokeLocalHandler(endpoint, ctx), endpoint);
	}

	@Override
	public ActionInvoker remoteAction(ActionEndpoint endpoint) {
		return this.middlewares.remoteAction((ctx) -> this.caller.sendRequest(endpoint, ctx, false), endpoint);
	}

	@Override
	public @Nullable ActionInvoker balancedAction(ActionEndpoint endpoint) {
		if (!this.broker.options().disableBalancer() || this.broker.options().transporter() == null) {
			return null;
		}
		return this.middlewares.remoteAction((ctx) -> this.caller.sendRequest(endpoint, ctx, true), endpoint);
	}

	@Override
	public EventInvoker localEvent(EventEndpoint endpoint) {
		return this.middlewares.localEvent((ctx) -> this.events.invokeLocalEventHandler(endpoint, ctx), endpoint);
	}

	@Override
	@SuppressWarnings("unchecked")
	public Strategy strategy(String name, Map<String, Object> descriptor) {
		BrokerOptions options = this.broker.options();
		StrategyFactory factory = options.strategies().get(options.strategy());
		Map<String, Object> strategyOptions = options.strategyOptions();
		if (descriptor.get("strategy") instanceof String strategyName) {
			StrategyFactory named = options.strategies().get(strategyName);
			if (named != null) {
				factory = named;
				strategyOptions = (descriptor.get("strategyOptions") instanceof Map<?, ?> map)
						? (Map<String, Object>) map : Map.of();
			}
			else {
				logger.warn("Action '{}' names an unknown strategy '{}'; using '{}'", name, strategyName,
						options.strategy());
			}
		}
		return factory.create(strategyOptions, this.broker.strategyHost());
	}

}
