package io.github.moleculerspring.registry;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The machine's CPU usage in percent, as HEARTBEAT packets carry it. */
public final class CpuUsage {

	private CpuUsage() {
	}

	/**
	 * Measures the CPU usage.
	 * @return 0 to 100
	 */
	public static int current() {
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		double load = -1;
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			load = sun.getCpuLoad();
		}
		if (load < 0) {
			double average = os.getSystemLoadAverage();
			int cores = Math.max(1, os.getAvailableProcessors());
			load = (average < 0) ? 0 : Math.min(1.0, average / cores);
		}
		return (int) Math.round(Math.max(0, Math.min(1.0, load)) * 100);
	}

}
