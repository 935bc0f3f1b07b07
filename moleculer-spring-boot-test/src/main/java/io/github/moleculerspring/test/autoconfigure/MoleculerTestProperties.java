package io.github.moleculerspring.test.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.moleculerspring.test.tester.EventRecorder;
import io.github.moleculerspring.test.tester.MoleculerTester;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the {@link MoleculerTester} and {@link EventRecorder} of a
 * {@link MoleculerTest @MoleculerTest}, under {@code moleculer.test}. The defaults are
 * {@link MoleculerTester#DEFAULT_TIMEOUT} and {@link EventRecorder#DEFAULT_CAPACITY}, written out so
 * that the configuration metadata shows them.
 */
@ConfigurationProperties("moleculer.test")
public class MoleculerTestProperties {

	/**
	 * Longest wait of the tester for a call, an emit or an awaited event. Milliseconds unless a unit
	 * is given, as Moleculer's timeouts.
	 */
	@DurationUnit(ChronoUnit.MILLIS)
	private Duration timeout = Duration.ofSeconds(10);

	/**
	 * Number of events the recorder keeps; beyond it the oldest are dropped (and failure messages
	 * say how many).
	 */
	private int eventCapacity = 10_000;

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
