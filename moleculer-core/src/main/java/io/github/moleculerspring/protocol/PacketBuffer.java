package io.github.moleculerspring.protocol;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * The output buffer a thread encodes packets into, reused from packet to packet so that encoding
 * allocates only the final array. Buffers grown by a large packet are dropped after it, so a thread
 * keeps at most {@value #RETAINED} bytes.
 */
final class PacketBuffer extends OutputStream {

	private static final int INITIAL = 1024;

	private static final int RETAINED = 64 * 1024;

	private static final ThreadLocal<PacketBuffer> BUFFERS = ThreadLocal.withInitial(PacketBuffer::new);

	private byte[] bytes = new byte[INITIAL];

	private int count;

	private PacketBuffer() {
	}

	/** The calling thread's buffer, empty. */
	static PacketBuffer forCurrentThread() {
		PacketBuffer buffer = BUFFERS.get();
		buffer.count = 0;
		return buffer;
	}

	@Override
	public void write(int b) {
		ensure(1);
		this.bytes[this.count++] = (byte) b;
	}

	@Override
	public void write(byte[] source, int offset, int length) {
		ensure(length);
		System.arraycopy(source, offset, this.bytes, this.count, length);
		this.count += length;
	}

	private void ensure(int more) {
		int needed = this.count + more;
		if (needed > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(needed, this.bytes.length * 2));
		}
	}

	/** A copy of the bytes written; the buffer is empty again and, if it grew large, shrunk. */
	byte[] toByteArrayAndReset() {
		byte[] result = Arrays.copyOf(this.bytes, this.count);
		this.count = 0;
		if (this.bytes.length > RETAINED) {
			this.bytes = new byte[INITIAL];
		}
		return result;
	}

}
