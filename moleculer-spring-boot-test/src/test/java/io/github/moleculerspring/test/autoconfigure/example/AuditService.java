package io.github.moleculerspring.test.autoconfigure.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.Event;
import io.github.moleculerspring.annotation.MoleculerService;

/**
 * {@code audit}: keeps the names of the {@code greeter.greeted} events it handled.
 */
@MoleculerService("audit")
public class AuditService {

	private final List<String> names = new CopyOnWriteArrayList<>();

	@Event(GreeterService.GREETED)
	public void onGreeted(Greeted greeted) {
		this.names.add(greeted.name());
	}

	@Action
	public List<String> names() {
		return List.copyOf(this.names);
	}

}
