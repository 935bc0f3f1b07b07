package io.github.moleculerspring.broker;

import io.github.moleculerspring.context.ContextFactory;
import io.github.moleculerspring.protocol.JsonPacketSerializer;
import io.github.moleculerspring.protocol.Topics;
import io.github.moleculerspring.registry.Registry;
import io.github.moleculerspring.transport.Transit;
import io.github.moleculerspring.transport.Transporter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the broker's {@link Transit} from its options (none without a transporter), and warns
 * about a configuration that can leave requests waiting forever.
 */
final class TransitFactory {

	private static final Logger logger = LoggerFactory.getLogger(ServiceBroker.class);

	private TransitFactory() {
	}

	static @Nullable Transit create(BrokerOptions options, String nodeID, String instanceID, BrokerThreads threads,
			Transit.Handler handler, ContextFactory contexts, Registry registry) {
		Transporter transporter = options.transporter();
		if (transporter != null && options.disableBalancer() && options.requestTimeout().isZero()) {
			logger.warn("disableBalancer is on without a request timeout: a request taken by a node that crashes "
					+ "before answering can only end by a timeout (the caller cannot know which node took it). "
					+ "Set a request timeout.");
		}
		if (transporter == null) {
			return null;
		}
		Transit.Config config = new Transit.Config(nodeID, instanceID, new Topics(options.namespace()), transporter,
				new JsonPacketSerializer(options.mapper()), threads.executor(), threads.scheduler(),
				options.protocolVersion(), options.transitMaxQueueSize(), options.incomingQueueSize(),
				options.incomingEventQueueSize(),
				options.errorStackTraces(), options.errorExceptionNames(), options.disableBalancer(), options.pollers());
		return new Transit(config, handler, contexts, registry);
	}

}
