package io.github.moleculerspring.test.autoconfigure;

import io.github.moleculerspring.test.tester.EventRecorder;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Clears the {@link EventRecorder} of the test's application context before each test method, so
 * that a test awaits only the events of its own run even though Spring caches the context (and its
 * running broker) across test methods and classes. Events sent from {@code @BeforeEach} methods
 * are kept: they run after this listener. Contexts without a recorder are left alone, and no
 * context is loaded for it.
 */
public class EventRecorderResetTestExecutionListener implements TestExecutionListener, Ordered {

	/** Runs after the dependency injection listener (order 2000), before the test's own code. */
	public static final int ORDER = 2100;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			ApplicationContext context = testContext.getApplicationContext();
			context.getBeanProvider(EventRecorder.class).ifAvailable(EventRecorder::clear);
		}
	}

}
