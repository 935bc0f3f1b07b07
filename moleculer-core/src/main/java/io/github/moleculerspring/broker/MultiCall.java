package io.github.moleculerspring.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.moleculerspring.error.MoleculerErrors;

/**
 * Moleculer's {@code mcall}: several calls in parallel, their results in order or by name, failing
 * with the first failure, or settled (one outcome per call).
 */
final class MultiCall {

	private MultiCall() {
	}

	/** The results of the calls in order; fails with the first failure. */
	static CompletableFuture<List<Object>> all(List<ServiceBroker.CallDefinition> calls,
			Function<ServiceBroker.CallDefinition, CompletableFuture<Object>> call) {
		List<CompletableFuture<Object>> futures = new ArrayList<>(calls.size());
		for (ServiceBroker.CallDefinition definition : calls) {
			futures.add(call.apply(definition));
		}
		return joined(futures);
	}

	/** The results of the named calls by name, through {@code mcall}; fails with the first failure. */
	static CompletableFuture<Map<String, Object>> byName(Map<String, ServiceBroker.CallDefinition> calls,
			Function<List<ServiceBroker.CallDefinition>, CompletableFuture<List<Object>>> mcall) {
		List<String> names = new ArrayList<>(calls.keySet());
		List<ServiceBroker.CallDefinition> list = new ArrayList<>();
		for (String name : names) {
			list.add(calls.get(name));
		}
		return mcall.apply(list).thenApply((results) -> {
			Map<String, Object> byName = new LinkedHashMap<>();
			for (int i = 0; i < names.size(); i++) {
				byName.put(names.get(i), results.get(i));
			}
			return byName;
		});
	}

	/** One outcome per call, in order. */
	static CompletableFuture<List<ServiceBroker.Settled>> settled(List<ServiceBroker.CallDefinition> calls,
			Function<ServiceBroker.CallDefinition, CompletableFuture<Object>> call) {
		List<CompletableFuture<ServiceBroker.Settled>> futures = new ArrayList<>(calls.size());
		for (ServiceBroker.CallDefinition definition : calls) {
			futures.add(call.apply(definition)
				.handle((value, error) -> (error == null) ? new ServiceBroker.Settled(true, value, null)
						: new ServiceBroker.Settled(false, null, MoleculerErrors.toMoleculerError(error))));
		}
		return joined(futures);
	}

	private static <T> CompletableFuture<List<T>> joined(List<CompletableFuture<T>> futures) {
		return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenApply((v) -> {
			List<T> results = new ArrayList<>(futures.size());
			for (CompletableFuture<T> future : futures) {
				results.add(future.join());
			}
			return results;
		});
	}

}
