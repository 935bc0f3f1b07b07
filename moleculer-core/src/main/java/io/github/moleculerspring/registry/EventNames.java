package io.github.moleculerspring.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Moleculer's event-name matching: {@code *} matches any characters except {@code .}, {@code **}
 * matches anything, {@code ?} matches one character; everything else is literal.
 */
public final class EventNames {

	private static final int MAX_CACHED = 4096;

	private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

	private EventNames() {
	}

	/** Whether an event name or subscription contains a wildcard. */
	public static boolean isPattern(String name) {
		return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
	}

	/**
	 * Whether an event name matches a subscription pattern.
	 * @param eventName the concrete event name
	 * @param pattern the subscription name, possibly with wildcards
	 * @return whether it matches
	 */
	public static boolean matches(String eventName, String pattern) {
		if (!isPattern(pattern)) {
			return pattern.equals(eventName);
		}
		if (pattern.equals("**")) {
			return true;
		}
		if (pattern.indexOf('?') < 0) {
			int star = pattern.indexOf('*');
			int len = pattern.length();
			if (len > 2 && pattern.endsWith("**") && star == len - 2) {
				return eventName.startsWith(pattern.substring(0, len - 2));
			}
			if (len > 1 && star == len - 1) {
				String prefix = pattern.substring(0, len - 1);
				return eventName.startsWith(prefix) && eventName.indexOf('.', prefix.length()) < 0;
			}
		}
		Pattern regex = PATTERNS.get(pattern);
		if (regex == null) {
			regex = compile(pattern);
			if (PATTERNS.size() < MAX_CACHED) {
				PATTERNS.put(pattern, regex);
			}
		}
		return regex.matcher(eventName).matches();
	}

	private static Pattern compile(String pattern) {
		StringBuilder sb = new StringBuilder(pattern.length() + 16);
		int i = 0;
		while (i < pattern.length()) {
			char c = pattern.charAt(i);
			if (c == '*') {
				if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
					sb.append(".*");
					i += 2;
					continue;
				}
				sb.append("[^.]*");
			}
			else if (c == '?') {
				sb.append('.');
			}
			else {
				sb.append(Pattern.quote(String.valueOf(c)));
			}
			i++;
		}
		return Pattern.compile(sb.toString());
	}

}
