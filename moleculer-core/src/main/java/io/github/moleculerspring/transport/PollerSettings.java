package io.github.moleculerspring.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How the node reads its own request, response and event subjects: with its own poller threads
 * (one per subject, reading a synchronous subscription, so a packet goes from the transport's reader
 * to the poller to the writer, as a bare NATS client does) or through the transporter's delivery
 * thread. A poller completes responses inline, serves requests of non-blocking actions and delivers
 * events whose local handlers are all non-blocking inline; everything else goes to the workers.
 *
 * <p>
 * The safety net: a poller busy with one packet for longer than {@code blockedAfter} is taken for
 * blocked. What it was running (the action, the event, or the callbacks of a response) is demoted to
 * the workers from then on, a warning names it, and a spare poller takes over the subject; the
 * blocked one retires once its packet is done. At most {@code maxSpares} spares exist at once.
 *
 * @param enabled whether the node's own subjects are read by pollers (when the transporter can
 * pull; the local transporter cannot)
 * @param blockedAfter how long one packet may keep a poller busy before it counts as blocked,
 * 1 ms to 60 s
 * @param maxSpares how many spare pollers may replace blocked ones at once, 0 to 256
 */
public record PollerSettings(boolean enabled, Duration blockedAfter, int maxSpares) {

	/** The least {@code blockedAfter}. */
	public static final Duration MIN_BLOCKED_AFTER = Duration.ofMillis(1);

	/** The greatest {@code blockedAfter}. */
	public static final Duration MAX_BLOCKED_AFTER = Duration.ofSeconds(60);

	/** The greatest {@code maxSpares}. */
	public static final int MAX_SPARES = 256;

	/** On, blocked after 5 ms, at most 4 spares. */
	public static final PollerSettings DEFAULTS = new PollerSettings(true, Duration.ofMillis(5), 4);

	/**
	 * Checks the ranges.
	 * @throws IllegalArgumentException naming the setting that is out of range
	 */
	public PollerSettings {
		Objects.requireNonNull(blockedAfter, "blockedAfter");
		if (blockedAfter.compareTo(MIN_BLOCKED_AFTER) < 0 || blockedAfter.compareTo(MAX_BLOCKED_AFTER) > 0) {
			throw new IllegalArgumentException("pollers.blockedAfter must be between 1 ms and 60 s, not " + blockedAfter);
		}
		if (maxSpares < 0 || maxSpares > MAX_SPARES) {
			throw new IllegalArgumentException("pollers.maxSpares must be between 0 and " + MAX_SPARES + ", not " + maxSpares);
		}
	}

	/** The same settings with pollers off: the transporter's delivery thread feeds the workers. */
	public static PollerSettings disabled() {
		return new PollerSettings(false, DEFAULTS.blockedAfter(), DEFAULTS.maxSpares());
	}

}
