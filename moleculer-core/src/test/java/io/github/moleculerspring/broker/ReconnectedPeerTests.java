package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.moleculerspring.context.CallOptions;
import io.github.moleculerspring.error.RequestRejectedError;
import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A peer that was away from the transporter (its messages dropped, as NATS does for a client that is
 * reconnecting) announces its reconnection with a broadcast DISCOVER: requests sent to it meanwhile
 * fail then, with a retryable {@link RequestRejectedError}, not at their timeout.
 */
class ReconnectedPeerTests {

	private final List<AwayTransporter> transporters = new ArrayList<>();

	private final AtomicReference<TestCluster> cluster = new AtomicReference<>();

	@AfterEach
	void stop() {
		this.cluster.get().close();
	}

	@Test
	void requestsSentWhileAPeerWasAwayFailWhenItAnnouncesItsReconnection() throws Exception {
		this.cluster.set(new TestCluster("away-" + System.nanoTime(), () -> {
			AwayTransporter transporter = new AwayTransporter(new LocalTransporter(this.cluster.get().bus()));
			this.transporters.add(transporter);
			return transporter;
		}));
		ServiceBroker caller = this.cluster.get().broker("caller");
		this.cluster.get().broker("callee", ServiceDefinition.builder("math").action("one", (ctx) -> 1).build());
		this.cluster.get().startAll();
		AwayTransporter callee = this.transporters.get(1);

		callee.away();
		CompletableFuture<Object> lost = caller.call("math.one", null,
				CallOptions.builder().timeout(Duration.ofSeconds(30)).retries(0).build());
		// The request reached the callee while it was away and was lost there: nothing can answer it.
		await().atMost(Duration.ofSeconds(10)).until(() -> callee.lost().stream().anyMatch((subject) -> subject.endsWith(".REQ.callee")));
		assertThat(lost).isNotDone();
		long back = System.nanoTime();
		callee.comeBack();
		assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(RequestRejectedError.class);
		assertThat(System.nanoTime() - back).isLessThan(TimeUnit.SECONDS.toNanos(5));
		assertThat(caller.transit().pendingCount()).isZero();
		assertThat(caller.call("math.one", null).get(10, TimeUnit.SECONDS)).isEqualTo(1);
	}

	/**
	 * Away: reports a disconnection, loses incoming messages and buffers outgoing ones (as jnats does
	 * while reconnecting); coming back flushes them and reports a reconnection.
	 */
	static final class AwayTransporter extends ForwardingTransporter {

		private final List<Object[]> buffered = new ArrayList<>();

		private volatile boolean away;

		private final List<String> lost = new CopyOnWriteArrayList<>();

		private volatile @Nullable TransporterListener listener;

		AwayTransporter(Transporter delegate) {
			super(delegate);
		}

		void away() {
			this.away = true;
			TransporterListener current = this.listener;
			if (current != null) {
				current.onDisconnected();
			}
		}

		/** The subjects of the messages lost while away. */
		List<String> lost() {
			return this.lost;
		}

		void comeBack() {
			synchronized (this.buffered) {
				this.away = false;
				for (Object[] message : this.buffered) {
					this.delegate.publish((String) message[0], (byte[]) message[1]);
				}
				this.buffered.clear();
			}
			TransporterListener current = this.listener;
			if (current != null) {
				current.onConnected(true);
			}
		}

		@Override
		public CompletableFuture<Void> connect(TransporterListener listener) {
			this.listener = listener;
			return super.connect(listener);
		}

		@Override
		protected void deliver(TransporterListener listener, String subject, byte[] payload) {
			if (!this.away) {
				listener.onMessage(subject, payload);
			}
			else {
				this.lost.add(subject);
			}
		}

		@Override
		public boolean isConnected() {
			return !this.away && this.delegate.isConnected();
		}

		@Override
		public void publish(String subject, byte[] payload) {
			synchronized (this.buffered) {
				if (this.away) {
					this.buffered.add(new Object[] { subject, payload });
					return;
				}
			}
			this.delegate.publish(subject, payload);
		}

		@Override
		public CompletableFuture<Boolean> probe(String subject, byte[] payload, Duration timeout) {
			return this.delegate.probe(subject, payload, timeout);
		}

	}

}
