package io.github.moleculerspring.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * A {@link RawJson} as the {@link SerializableString} that a JSON generator's
 * {@code writeRawValue} copies byte for byte into its buffer: the way a received value goes back
 * on the wire unchanged. Only the unquoted forms are the value itself; the quoted ones (never used
 * for raw values) quote its text.
 */
final class RawJsonText implements SerializableString {

	private final RawJson raw;

	RawJsonText(RawJson raw) {
		this.raw = raw;
	}

	@Override
	public String getValue() {
		return this.raw.toString();
	}

	@Override
	public int charLength() {
		return getValue().length();
	}

	@Override
	public char[] asQuotedChars() {
		return new SerializedString(getValue()).asQuotedChars();
	}

	@Override
	public byte[] asUnquotedUTF8() {
		return this.raw.toByteArray();
	}

	@Override
	public byte[] asQuotedUTF8() {
		return new SerializedString(getValue()).asQuotedUTF8();
	}

	@Override
	public int appendQuotedUTF8(byte[] buffer, int offset) {
		return new SerializedString(getValue()).appendQuotedUTF8(buffer, offset);
	}

	@Override
	public int appendQuoted(char[] buffer, int offset) {
		return new SerializedString(getValue()).appendQuoted(buffer, offset);
	}

	@Override
	public int appendUnquotedUTF8(byte[] buffer, int offset) {
		int length = this.raw.length();
		if (offset + length > buffer.length) {
			return -1;
		}
		System.arraycopy(this.raw.bytes(), this.raw.offset(), buffer, offset, length);
		return length;
	}

	@Override
	public int appendUnquoted(char[] buffer, int offset) {
		String text = getValue();
		if (offset + text.length() > buffer.length) {
			return -1;
		}
		text.getChars(0, text.length(), buffer, offset);
		return text.length();
	}

	@Override
	public int writeQuotedUTF8(OutputStream out) throws IOException {
		return new SerializedString(getValue()).writeQuotedUTF8(out);
	}

	@Override
	public int writeUnquotedUTF8(OutputStream out) throws IOException {
		out.write(this.raw.bytes(), this.raw.offset(), this.raw.length());
		return this.raw.length();
	}

	@Override
	public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
		return new SerializedString(getValue()).putQuotedUTF8(buffer);
	}

	@Override
	public int putUnquotedUTF8(ByteBuffer buffer) throws IOException {
		int length = this.raw.length();
		if (length > buffer.remaining()) {
			return -1;
		}
		buffer.put(this.raw.bytes(), this.raw.offset(), length);
		return length;
	}

}
