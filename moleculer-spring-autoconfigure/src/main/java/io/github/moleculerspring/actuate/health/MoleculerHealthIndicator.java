package io.github.moleculerspring.actuate.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.moleculerspring.broker.ServiceBroker;
import io.github.moleculerspring.metrics.BrokerStatus;
import io.github.moleculerspring.registry.Node;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * {@link HealthIndicator} of a Moleculer {@link ServiceBroker}: {@code UP} when the broker has
 * started and its transporter is connected (or it has none), {@code DOWN} with a {@code reason}
 * otherwise, such as while NATS is unreachable and jnats reconnects.
 *
 * <p>
 * Details: {@code nodeID}, {@code namespace}, {@code transporter} (its type, {@code NATS} or
 * {@code Local}, never a URL or credentials), {@code protocolVersion}, {@code nodes} known and
 * online, and the names of the {@code localServices}. It reads the broker's {@link BrokerStatus}.
 */
public class MoleculerHealthIndicator extends AbstractHealthIndicator {

	private final ServiceBroker broker;

	public MoleculerHealthIndicator(ServiceBroker broker) {
		super("Moleculer health check failed");
		Assert.notNull(broker, "'broker' must not be null");
		this.broker = broker;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ServiceBroker broker = this.broker;
		BrokerStatus status = broker.status();
		String transporter = status.transporterName();
		if (!status.isStarted()) {
			builder.down().withDetail("reason", "The broker is not started");
		}
		else if (transporter != null && !status.isConnected()) {
			builder.down().withDetail("reason", "The " + transporter + " transporter is disconnected");
		}
		else {
			builder.up();
		}
		builder.withDetail("nodeID", broker.nodeID())
			.withDetail("namespace", broker.namespace())
			.withDetail("transporter", (transporter != null) ? transporter : "none")
			.withDetail("protocolVersion", broker.protocolVersion().value())
			.withDetail("nodes", nodes(status))
			.withDetail("localServices", localServices(status));
	}

	private static Map<String, Object> nodes(BrokerStatus status) {
		int known = 0;
		int online = 0;
		for (Node node : status.nodes()) {
			known++;
			if (node.isAvailable()) {
				online++;
			}
		}
		Map<String, Object> nodes = new LinkedHashMap<>();
		nodes.put("known", known);
		nodes.put("online", online);
		return nodes;
	}

	private static List<String> localServices(BrokerStatus status) {
		return status.localServices().stream().sorted().toList();
	}

}
