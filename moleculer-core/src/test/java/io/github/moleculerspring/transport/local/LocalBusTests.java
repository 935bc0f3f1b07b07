package io.github.moleculerspring.transport.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.moleculerspring.transport.TransporterListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalBusTests {

	@ParameterizedTest(name = "''{1}'' on ''{0}'': {2}")
	@CsvSource({ "MOL.REQ.a, MOL.REQ.a, true", "MOL.REQ.a, MOL.REQ.b, false", "MOL.*.a, MOL.REQ.a, true",
			"MOL.EVENTB.g.user.>, MOL.EVENTB.g.user.created, true", "MOL.EVENTB.g.user.>, MOL.EVENTB.g.user, false",
			"MOL.>, MOL.INFO, true", "MOL.*, MOL.INFO.x, false" })
	void matchesNatsSubjects(String pattern, String subject, boolean expected) {
		assertThat(LocalBus.matches(pattern, subject)).isEqualTo(expected);
	}

	@Test
	void queueGroupMembersShareMessagesWhilePlainSubscribersGetAll() {
		LocalBus bus = new LocalBus("queue-test");
		Recorder a = new Recorder();
		Recorder b = new Recorder();
		Recorder all = new Recorder();
		LocalTransporter ta = new LocalTransporter(bus);
		LocalTransporter tb = new LocalTransporter(bus);
		LocalTransporter tall = new LocalTransporter(bus);
		ta.connect(a);
		tb.connect(b);
		tall.connect(all);
		ta.subscribe("MOL.REQB.x", "x");
		tb.subscribe("MOL.REQB.x", "x");
		tall.subscribe("MOL.REQB.x", null);
		for (int i = 0; i < 200; i++) {
			ta.publish("MOL.REQB.x", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> all.messages.size() == 200
				&& a.messages.size() + b.messages.size() == 200);
		assertThat(a.messages).isNotEmpty();
		assertThat(b.messages).isNotEmpty();
		ta.disconnect();
		tb.disconnect();
		tall.disconnect();
	}

	@Test
	void disconnectedTransporterReceivesNothing() {
		LocalBus bus = new LocalBus("disconnect-test");
		Recorder receiver = new Recorder();
		Recorder witness = new Recorder();
		LocalTransporter sender = new LocalTransporter(bus);
		LocalTransporter target = new LocalTransporter(bus);
		LocalTransporter watcher = new LocalTransporter(bus);
		sender.connect(new Recorder());
		target.connect(receiver);
		watcher.connect(witness);
		target.subscribe("MOL.INFO", null);
		watcher.subscribe("MOL.INFO", null);
		target.disconnect();
		sender.publish("MOL.INFO", "while-disconnected".getBytes(StandardCharsets.UTF_8));
		// The publish has been delivered: a subscriber still connected got it.
		await().atMost(Duration.ofSeconds(10)).until(() -> witness.messages.contains("while-disconnected"));
		assertThat(target.isConnected()).isFalse();
		// Connected again, the target gets what is published now, in order after anything the bus could
		// still have held for it: once the later message is in, the earlier one can no longer come.
		target.connect(receiver);
		target.subscribe("MOL.INFO", null);
		sender.publish("MOL.INFO", "after-reconnect".getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.messages.contains("after-reconnect"));
		assertThat(receiver.messages).containsExactly("after-reconnect");
		sender.disconnect();
		target.disconnect();
		watcher.disconnect();
	}

	static final class Recorder implements TransporterListener {

		final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void onMessage(String subject, byte[] payload) {
			this.messages.add(new String(payload, StandardCharsets.UTF_8));
		}

		@Override
		public void onConnected(boolean reconnected) {
		}

		@Override
		public void onDisconnected() {
		}

	}

}
