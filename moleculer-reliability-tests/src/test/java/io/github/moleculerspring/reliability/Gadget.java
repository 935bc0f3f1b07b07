package io.github.moleculerspring.reliability;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "gadget" class that packets name in {@code @class} type hints: if Jackson ever instantiated it
 * from a packet, {@link #INSTANCES} would count it.
 */
public class Gadget {

	static final AtomicInteger INSTANCES = new AtomicInteger();

	public Gadget() {
		INSTANCES.incrementAndGet();
	}

	public void setX(Object x) {
		INSTANCES.incrementAndGet();
	}

}
