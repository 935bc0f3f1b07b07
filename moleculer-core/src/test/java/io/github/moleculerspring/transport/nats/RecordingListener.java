package io.github.moleculerspring.transport.nats;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.moleculerspring.transport.TransporterListener;

/** Records what a transporter delivers, for assertions. */
final class RecordingListener implements TransporterListener {

	final List<Received> messages = new CopyOnWriteArrayList<>();

	final List<Boolean> connects = new CopyOnWriteArrayList<>();

	final AtomicInteger disconnects = new AtomicInteger();

	@Override
	public void onMessage(String subject, byte[] payload) {
		this.messages.add(new Received(subject, payload));
	}

	@Override
	public void onConnected(boolean reconnected) {
		this.connects.add(reconnected);
	}

	@Override
	public void onDisconnected() {
		this.disconnects.incrementAndGet();
	}

	long count(String subject) {
		return this.messages.stream().filter((message) -> message.subject().equals(subject)).count();
	}

	record Received(String subject, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
