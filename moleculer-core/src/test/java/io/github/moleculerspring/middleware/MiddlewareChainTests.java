package io.github.moleculerspring.middleware;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.broker.BrokerOptions;
import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.context.ActionInvoker;
import io.github.moleculerspring.context.BrokerView;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.context.EventInvoker;
import io.github.moleculerspring.error.MoleculerServerError;
import io.github.moleculerspring.registry.ActionEndpoint;
import io.github.moleculerspring.registry.EventEndpoint;
import io.github.moleculerspring.service.ServiceDefinition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

class MiddlewareChainTests {

	private final List<String> trace = new CopyOnWriteArrayList<>();

	private final ServiceBroker broker;

	private final ActionEndpoint action;

	private final EventEndpoint event;

	private final Context ctx;

	/** A broker whose own chain hands over a real endpoint of each kind and a real context. */
	MiddlewareChainTests() throws Exception {
		Capture capture = new Capture();
		this.broker = new ServiceBroker(BrokerOptions.builder()
			.nodeID("chain-tests")
			.internalServices(false)
			.middleware(capture)
			.build());
		this.broker.createService(ServiceDefinition.builder("chain")
			.action("work", (ctx) -> "done")
			.event("thing.happened", (ctx) -> null)
			.build());
		this.broker.start().get(5, TimeUnit.SECONDS);
		assertThat(this.broker.call("chain.work", null).get(5, TimeUnit.SECONDS)).isEqualTo("done");
		this.action = capture.action;
		this.event = capture.event;
		this.ctx = capture.ctx;
		assertThat(this.action).isNotNull();
		assertThat(this.event).isNotNull();
		assertThat(this.ctx).isNotNull();
	}

	@AfterEach
	void close() {
		this.broker.close();
	}

	@Test
	void theFirstMiddlewareIsTheInnermostOfEveryHook() throws Exception {
		MiddlewareChain chain = new MiddlewareChain(List.of(new Recording("a"), new Recording("b")));
		List<Context> reached = new ArrayList<>();

		ActionInvoker local = chain.localAction((c) -> {
			reached.add(c);
			this.trace.add("handler");
			return CompletableFuture.completedFuture("local");
		}, this.action);
		assertThat(local.invoke(this.ctx).get(5, TimeUnit.SECONDS)).isEqualTo("local");
		assertThat(this.trace).containsExactly("b>localAction", "a>localAction", "handler", "a<localAction",
				"b<localAction");

		this.trace.clear();
		ActionInvoker remote = chain.remoteAction((c) -> {
			reached.add(c);
			this.trace.add("request");
			return CompletableFuture.completedFuture("remote");
		}, this.action);
		assertThat(remote.invoke(this.ctx).get(5, TimeUnit.SECONDS)).isEqualTo("remote");
		assertThat(this.trace).containsExactly("b>remoteAction", "a>remoteAction", "request", "a<remoteAction",
				"b<remoteAction");

		this.trace.clear();
		EventInvoker events = chain.localEvent((c) -> {
			reached.add(c);
			this.trace.add("handler");
			return CompletableFuture.completedFuture(null);
		}, this.event);
		events.invoke(this.ctx).get(5, TimeUnit.SECONDS);
		assertThat(this.trace).containsExactly("b>localEvent", "a>localEvent", "handler", "a<localEvent",
				"b<localEvent");

		assertThat(reached).hasSize(3).allSatisfy((c) -> assertThat(c).isSameAs(this.ctx));
	}

	@Test
	void everyHookIsGivenItsEndpoint() {
		List<Object> endpoints = new ArrayList<>();
		MiddlewareChain chain = new MiddlewareChain(List.of(new Middleware() {

			@Override
			public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
				endpoints.add(endpoint);
				return next;
			}

			@Override
			public ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
				endpoints.add(endpoint);
				return next;
			}

			@Override
			public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
				endpoints.add(endpoint);
				return next;
			}

		}));
		chain.localAction((c) -> CompletableFuture.completedFuture(null), this.action);
		chain.remoteAction((c) -> CompletableFuture.completedFuture(null), this.action);
		chain.localEvent((c) -> CompletableFuture.completedFuture(null), this.event);
		assertThat(endpoints).containsExactly(this.action, this.action, this.event);
	}

	@Test
	void aHookNoMiddlewareImplementsLeavesTheInvokerAsItIs() {
		ActionInvoker handler = (c) -> CompletableFuture.completedFuture(null);
		EventInvoker eventHandler = (c) -> CompletableFuture.completedFuture(null);
		MiddlewareChain empty = new MiddlewareChain(List.of());
		assertThat(empty.localAction(handler, this.action)).isSameAs(handler);
		assertThat(empty.remoteAction(handler, this.action)).isSameAs(handler);
		assertThat(empty.localEvent(eventHandler, this.event)).isSameAs(eventHandler);

		MiddlewareChain localOnly = new MiddlewareChain(List.of(new Middleware() {

			@Override
			public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
				return (c) -> next.invoke(c);
			}

		}));
		assertThat(localOnly.localAction(handler, this.action)).isNotSameAs(handler);
		assertThat(localOnly.remoteAction(handler, this.action)).isSameAs(handler);
		assertThat(localOnly.localEvent(eventHandler, this.event)).isSameAs(eventHandler);
	}

	@Test
	void notificationsReachEveryMiddlewareInOrder() {
		MiddlewareChain chain = new MiddlewareChain(List.of(new Recording("a"), new Recording("b")));
		MoleculerServerError error = new MoleculerServerError("boom", 500, "BOOM", null);
		chain.eventSent("emit", "thing.happened", List.of("g"));
		chain.retried("chain.work", "chain", 1, error);
		chain.fellBack("chain.work", null, error);
		chain.started(this.broker);
		chain.stopped(this.broker);
		assertThat(this.trace).containsExactly("a eventSent emit thing.happened [g]",
				"b eventSent emit thing.happened [g]", "a retried chain.work chain 1 boom",
				"b retried chain.work chain 1 boom", "a fellBack chain.work null boom", "b fellBack chain.work null boom",
				"a started chain-tests", "b started chain-tests", "a stopped chain-tests", "b stopped chain-tests");
	}

	@Test
	void aFailingNotificationDoesNotKeepTheOthersFromHearingIt() {
		MiddlewareChain chain = new MiddlewareChain(List.of(new Failing(), new Recording("b")));
		MoleculerServerError error = new MoleculerServerError("boom", 500, "BOOM", null);
		assertThatNoException().isThrownBy(() -> {
			chain.eventSent("broadcast", "thing.happened", null);
			chain.retried("chain.work", null, 2, error);
			chain.fellBack("chain.work", "chain", error);
			chain.stopped(this.broker);
		});
		assertThat(this.trace).containsExactly("b eventSent broadcast thing.happened null",
				"b retried chain.work null 2 boom", "b fellBack chain.work chain boom", "b stopped chain-tests");
	}

	@Test
	void aFailingStartedHookPropagatesAndTheMiddlewaresAfterItAreNotStarted() {
		Failing failing = new Failing();
		MiddlewareChain chain = new MiddlewareChain(List.of(new Recording("a"), failing, new Recording("c")));
		assertThat(catchThrowable(() -> chain.started(this.broker))).isSameAs(failing.failure);
		assertThat(this.trace).containsExactly("a started chain-tests");
	}

	@Test
	void theChainKeepsTheListItWasGiven() {
		Middleware a = new Recording("a");
		List<Middleware> list = new ArrayList<>(List.of(a));
		MiddlewareChain chain = new MiddlewareChain(list);
		list.add(new Recording("b"));
		assertThat(chain.middlewares()).containsExactly(a);
	}

	/** Records each hook it wraps (before and after the inner invoker) and each notification. */
	private final class Recording implements Middleware {

		private final String name;

		Recording(String name) {
			this.name = name;
		}

		@Override
		public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
			return (c) -> {
				MiddlewareChainTests.this.trace.add(this.name + ">localAction");
				return next.invoke(c)
					.whenComplete((v, e) -> MiddlewareChainTests.this.trace.add(this.name + "<localAction"));
			};
		}

		@Override
		public ActionInvoker remoteAction(ActionInvoker next, ActionEndpoint endpoint) {
			return (c) -> {
				MiddlewareChainTests.this.trace.add(this.name + ">remoteAction");
				return next.invoke(c)
					.whenComplete((v, e) -> MiddlewareChainTests.this.trace.add(this.name + "<remoteAction"));
			};
		}

		@Override
		public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
			return (c) -> {
				MiddlewareChainTests.this.trace.add(this.name + ">localEvent");
				return next.invoke(c)
					.whenComplete((v, e) -> MiddlewareChainTests.this.trace.add(this.name + "<localEvent"));
			};
		}

		@Override
		public void eventSent(String type, String event, @Nullable List<String> groups) {
			MiddlewareChainTests.this.trace.add(this.name + " eventSent " + type + " " + event + " " + groups);
		}

		@Override
		public void retried(String action, @Nullable String service, int attempt, Throwable error) {
			MiddlewareChainTests.this.trace
				.add(this.name + " retried " + action + " " + service + " " + attempt + " " + error.getMessage());
		}

		@Override
		public void fellBack(String action, @Nullable String service, Throwable error) {
			MiddlewareChainTests.this.trace
				.add(this.name + " fellBack " + action + " " + service + " " + error.getMessage());
		}

		@Override
		public void started(BrokerView broker) {
			MiddlewareChainTests.this.trace.add(this.name + " started " + broker.nodeID());
		}

		@Override
		public void stopped(BrokerView broker) {
			MiddlewareChainTests.this.trace.add(this.name + " stopped " + broker.nodeID());
		}

	}

	/** Fails every notification. */
	private static final class Failing implements Middleware {

		final RuntimeException failure = new IllegalStateException("middleware failure (expected by the test)");

		@Override
		public void eventSent(String type, String event, @Nullable List<String> groups) {
			throw this.failure;
		}

		@Override
		public void retried(String action, @Nullable String service, int attempt, Throwable error) {
			throw this.failure;
		}

		@Override
		public void fellBack(String action, @Nullable String service, Throwable error) {
			throw this.failure;
		}

		@Override
		public void started(BrokerView broker) {
			throw this.failure;
		}

		@Override
		public void stopped(BrokerView broker) {
			throw this.failure;
		}

	}

	/** Hands over the endpoints and a context of the broker's own chain. */
	private static final class Capture implements Middleware {

		volatile @Nullable ActionEndpoint action;

		volatile @Nullable EventEndpoint event;

		volatile @Nullable Context ctx;

		@Override
		public ActionInvoker localAction(ActionInvoker next, ActionEndpoint endpoint) {
			this.action = endpoint;
			return (c) -> {
				this.ctx = c;
				return next.invoke(c);
			};
		}

		@Override
		public EventInvoker localEvent(EventInvoker next, EventEndpoint endpoint) {
			this.event = endpoint;
			return next;
		}

	}

}
