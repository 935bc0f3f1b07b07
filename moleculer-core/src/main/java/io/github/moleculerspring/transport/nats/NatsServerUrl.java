package io.github.moleculerspring.transport.nats;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One NATS server URL as Moleculer writes it, taken apart: the server ({@code scheme://host:port},
 * {@code nats://} when no scheme is given) and the credentials its user info carries
 * ({@code nats://user:pass@host} or {@code nats://token@host}, percent-decoded). Also masks such
 * credentials in any text, for logs.
 *
 * @param server the server without user info
 * @param username the user of {@code user:pass@}, or {@code null}
 * @param password the password of {@code user:pass@}, or {@code null}
 * @param token the token of {@code token@}, or {@code null}
 */
record NatsServerUrl(String server, @Nullable String username, @Nullable String password, @Nullable String token) {

	private static final String MASK = "****";

	private static final Pattern URL_CREDENTIALS = Pattern.compile("(?<=://)[^/\\s,]*@");

	/**
	 * Parses one server URL.
	 * @param url the URL, with or without scheme
	 * @return its parts
	 * @throws IllegalArgumentException when it is not a URL with a host (the message masks credentials)
	 */
	static NatsServerUrl parse(String url) {
		String trimmed = url.trim();
		String withScheme = trimmed.contains("://") ? trimmed : "nats://" + trimmed;
		URI uri;
		try {
			uri = new URI(withScheme);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Invalid NATS server URL '" + mask(trimmed) + "'");
		}
		if (uri.getHost() == null) {
			throw new IllegalArgumentException("Invalid NATS server URL '" + mask(trimmed) + "': no host");
		}
		String server = uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
		String userInfo = uri.getRawUserInfo();
		if (userInfo == null || userInfo.isEmpty()) {
			return new NatsServerUrl(server, null, null, null);
		}
		int colon = userInfo.indexOf(':');
		if (colon < 0) {
			return new NatsServerUrl(server, null, null, decode(userInfo));
		}
		return new NatsServerUrl(server, decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)),
				null);
	}

	/** Replaces the user info of each URL in a text by {@code ****}. */
	static String mask(String text) {
		return URL_CREDENTIALS.matcher(text).replaceAll(Matcher.quoteReplacement(MASK + "@"));
	}

	/** Percent-decoding of URL user info ({@code +} stays a plus, unlike form decoding). */
	private static String decode(String raw) {
		if (raw.indexOf('%') < 0) {
			return raw;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%' && i + 2 < raw.length()) {
				bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
				i += 2;
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
