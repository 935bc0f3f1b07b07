package io.github.moleculerspring.broker;

import io.github.moleculerspring.transport.Transporter;
import io.github.moleculerspring.transport.TransporterListener;

/**
 * A transporter whose node can be frozen: its connection and subscriptions stay in place, but it
 * neither handles nor sends anything, as a process stopped by SIGSTOP or a long GC pause.
 */
final class FrozenTransporter extends ForwardingTransporter {

	private volatile boolean frozen;

	FrozenTransporter(Transporter delegate) {
		super(delegate);
	}

	void freeze() {
		this.frozen = true;
	}

	@Override
	protected void deliver(TransporterListener listener, String subject, byte[] payload) {
		if (!this.frozen) {
			listener.onMessage(subject, payload);
		}
	}

	@Override
	public void publish(String subject, byte[] payload) {
		if (!this.frozen) {
			this.delegate.publish(subject, payload);
		}
	}

}
