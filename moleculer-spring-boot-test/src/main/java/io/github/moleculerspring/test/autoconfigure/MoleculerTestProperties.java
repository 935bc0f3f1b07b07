package io.github.moleculerspring.test.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.moleculerspring.test.tester.EventRecorder;
import io.github.moleculerspring.test.tester.MoleculerTester;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the {@link MoleculerTester} and {@link EventRecorder} of a
 * {@link MoleculerTest @MoleculerTest}, under {@code moleculer.test}.
 */
@ConfigurationProperties("moleculer.test")
public class MoleculerTestProperties {

	/**
	 * Longest wait of the tester for a call, an emit or an awaited event. Milliseconds unless a unit
	 * is given, as Moleculer's timeouts.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration timeout = MoleculerTester.DEFAULT_TIMEOUT;

	/**
	 * Number of events the recorder keeps; beyond it the oldest are dropped (and failure messages
	 * say how many).
	 */
	private int eventCapacity = EventRecorder.DEFAULT_CAPACITY;

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getEventCapacity() {
		return this.eventCapacity;
	}

	public void setEventCapacity(int eventCapacity) {
		this.eventCapacity = eventCapacity;
	}

}
