package io.github.moleculerspring.autoconfigure;

import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;

/**
 * Creates in-JVM transporters: {@code local} joins the bus named {@code default},
 * {@code local://<bus>} the bus of that name. Brokers of this JVM on the same bus see each other
 * as they would over NATS.
 */
public final class LocalTransporterFactory implements TransporterFactory {

	/** The bus joined by a plain {@code local}. */
	public static final String DEFAULT_BUS = "default";

	@Override
	public String scheme() {
		return "local";
	}

	@Override
	public Transporter create(String url) {
		return new LocalTransporter(LocalBus.named(busName(url)));
	}

	/**
	 * The bus name of a {@code local} URL.
	 * @param url {@code local} or {@code local://<bus>}
	 * @return the bus name
	 */
	static String busName(String url) {
		int separator = url.indexOf("://");
		if (separator < 0) {
			return DEFAULT_BUS;
		}
		String bus = url.substring(separator + 3);
		while (bus.endsWith("/")) {
			bus = bus.substring(0, bus.length() - 1);
		}
		return bus.isBlank() ? DEFAULT_BUS : bus.trim();
	}

}
