package io.github.moleculerspring.context;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates context and request IDs in UUID v4 form, as Moleculer does. Uses the thread's own
 * random generator: these IDs correlate packets, they are not secrets, and {@code UUID.randomUUID}
 * would contend on a shared {@code SecureRandom} on every call.
 */
public final class Ids {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private Ids() {
	}

	/** A new random ID ({@code xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx}). */
	public static String next() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long hi = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
		long lo = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		byte[] out = new byte[36];
		hex(hi >>> 32, out, 0, 8);
		out[8] = '-';
		hex(hi >>> 16, out, 9, 4);
		out[13] = '-';
		hex(hi, out, 14, 4);
		out[18] = '-';
		hex(lo >>> 48, out, 19, 4);
		out[23] = '-';
		hex(lo, out, 24, 12);
		// Latin-1 bytes become a compact string's content without a char[] in between.
		return new String(out, StandardCharsets.ISO_8859_1);
	}

	private static void hex(long value, byte[] out, int offset, int digits) {
		for (int i = offset + digits - 1; i >= offset; i--) {
			out[i] = HEX[(int) (value & 0xf)];
			value >>>= 4;
		}
	}

}
