package io.github.moleculerspring.sample.ecommerce;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;

/**
 * The {@code stats} service: it counts the {@code greeter.welcomed} events by name.
 */
@MoleculerService("stats")
public class WelcomeStatsService {

	private final Map<String, AtomicLong> welcomed = new ConcurrentHashMap<>();

	@Event(GreeterService.WELCOMED)
	public void onWelcomed(Welcomed event) {
		this.welcomed.computeIfAbsent(event.name(), (name) -> new AtomicLong()).incrementAndGet();
	}

	@Action(rest = "GET /welcomed")
	public Map<String, Long> welcomed() {
		Map<String, Long> counts = new TreeMap<>();
		this.welcomed.forEach((name, count) -> counts.put(name, count.get()));
		return counts;
	}

}
