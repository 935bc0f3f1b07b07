package io.github.moleculerspring.benchmarks;

import java.util.List;

import io.github.moleculerspring.benchmarks.loop.ClosedLoop;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quick run of the cluster benchmark (one size, one concurrency, one repeat, short windows), so
 * the harness stays working; real numbers come from the full run, never from the build. The Spring
 * pairs run the Spring Boot app's jar, which the reactor packages before this module (it is listed
 * first in the root POM).
 */
class BenchmarkSmokeTests {

	@Test
	void everyPairEventsAndLocalCallsProduceMeasurementsWithoutErrors() throws Exception {
		BenchmarkRunner.Report report = BenchmarkRunner.run(new Args(new String[] { "quick=true",
				"pairs=raw,raw-pubsub,java-java,java-java-timeout,js-java,java-js,spring-spring,spring-spring-record,js-spring,js-js" }));
		for (String pair : List.of("raw jnats", "raw jnats pub/sub", "Java → Java", "Java → Java, timeout 5 s",
				"Moleculer.js → Java", "Java → Moleculer.js", "Spring → Spring", "Spring → Spring, record",
				"Moleculer.js → Spring", "Moleculer.js → Moleculer.js")) {
			ClosedLoop.Result result = report.median(pair, 64, 16);
			assertThat(result.opsPerSecond()).as(pair).isPositive();
			assertThat(result.errors()).as("%s: %s", pair, result.firstError()).isZero();
			assertThat(result.p99()).as(pair).isGreaterThanOrEqualTo(result.p50());
		}
		assertThat(report.medianEvents("Java").opsPerSecond()).isPositive();
		assertThat(report.medianEvents("Moleculer.js").opsPerSecond()).isPositive();
		assertThat(report.medianLocal("Java").opsPerSecond()).isPositive();
		assertThat(report.medianLocal("Moleculer.js").opsPerSecond()).isPositive();
		assertThat(report.markdown()).contains("| 64 B | 16 | Java → Java |");
	}

	@Test
	void theScaleHarnessSeesEveryBrokerDiscoverEveryOtherAndPrintsItsRow() throws Exception {
		String table = ScaleBenchmark.run(new Args(new String[] { "brokers=6", "jvms=2", "services=2", "window=2",
				"settle=0.5", "timeout=60" }));
		assertThat(table).contains("| brokers | JVMs |");
		String row = table.lines().filter((line) -> line.startsWith("| 6 | 2 | 2 |")).findFirst().orElseThrow();
		String[] cells = row.split("\\|");
		assertThat(Long.parseLong(cells[4].trim())).as("full discovery (ms)").isPositive();
		assertThat(Double.parseDouble(cells[8].trim())).as("out msg/s").isNotNegative();
	}

}
