package io.github.moleculerspring.benchmarks.spring;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The responder prints {@code READY} once the application (and so the broker) has started. */
@Component
@Profile("!caller")
class Ready {

	@EventListener(ApplicationReadyEvent.class)
	void ready() {
		System.out.println("READY");
		System.out.flush();
	}

}
