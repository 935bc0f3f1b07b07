package io.github.moleculerspring.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * Exactly one well-formed JSON value, kept as the UTF-8 bytes it arrived in: a span of a received
 * payload ({@code params}, {@code data}) that the reader checked but did not decode. It references
 * the payload array without copying it, so the payload must not be changed after it was decoded
 * (transports hand each message its own array).
 *
 * <p>
 * Consumers bind it straight from its bytes ({@code ValueConverter}), and the writer copies it back
 * unchanged, so forwarding or echoing a received value costs one copy. Equality and hash code are
 * on the bytes of the span; {@link #toString()} is the JSON text. A binary serializer (CBOR,
 * MsgPack) produces its own raw value type for its format: a {@code RawJson} is always JSON text,
 * and another format's writer re-encodes it through a parser on {@link #bytes()}.
 */
public final class RawJson {

	private final byte[] bytes;

	private final int offset;

	private final int length;

	private int hash;

	/**
	 * Wraps a span that holds one well-formed JSON value (not checked here: the reader checks it).
	 * @param bytes the array
	 * @param offset where the value starts
	 * @param length its length in bytes
	 */
	public RawJson(byte[] bytes, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (length == 0) {
			throw new IllegalArgumentException("a JSON value has at least one byte");
		}
		this.bytes = bytes;
		this.offset = offset;
		this.length = length;
	}

	/**
	 * The array holding the span; not a copy, so it must not be changed.
	 * @return the array
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/** Where the value starts in {@link #bytes()}. */
	public int offset() {
		return this.offset;
	}

	/** The value's length in bytes. */
	public int length() {
		return this.length;
	}

	/**
	 * The first byte of the value, which tells its JSON type: <code>{</code>, {@code [}, {@code "},
	 * {@code t}/{@code f}, {@code n} or a number's first character.
	 * @return the first byte
	 */
	public byte firstByte() {
		return this.bytes[this.offset];
	}

	/**
	 * Parses the value into a new JSON tree, as the reader built them before spans (ints, longs, big
	 * integers, doubles); each call parses again, so callers that need it twice keep it.
	 * @return the tree ({@code NullNode} for JSON null)
	 */
	public JsonNode tree() {
		return JsonValues.readTree(this);
	}

	/** A copy of the value's bytes. */
	public byte[] toByteArray() {
		return Arrays.copyOfRange(this.bytes, this.offset, this.offset + this.length);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof RawJson that && Arrays.equals(this.bytes, this.offset,
				this.offset + this.length, that.bytes, that.offset, that.offset + that.length));
	}

	@Override
	public int hashCode() {
		int h = this.hash;
		if (h == 0) {
			h = 1;
			for (int i = this.offset, end = this.offset + this.length; i < end; i++) {
				h = 31 * h + this.bytes[i];
			}
			this.hash = h;
		}
		return h;
	}

	/** The JSON text of the value. */
	@Override
	public String toString() {
		return new String(this.bytes, this.offset, this.length, StandardCharsets.UTF_8);
	}

}
