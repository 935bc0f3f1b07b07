package io.github.moleculerspring.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.moleculerspring.service.ServiceDefinition;
import io.github.moleculerspring.transport.local.LocalBus;
import io.github.moleculerspring.transport.local.LocalTransporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {

	@Test
	void twoBrokers() throws Exception {
		LocalBus bus = new LocalBus("smoke");
		try (ServiceBroker a = new ServiceBroker(BrokerOptions.builder().nodeID("a").transporter(new LocalTransporter(bus)).build());
				ServiceBroker b = new ServiceBroker(BrokerOptions.builder().nodeID("b").transporter(new LocalTransporter(bus)).build())) {
			b.createService(ServiceDefinition.builder("math").action("add", (ctx) -> {
				ctx.meta().put("seen", true);
				return ctx.param("a", Integer.class) + ctx.param("b", Integer.class);
			}).build());
			a.start().get();
			b.start().get();
			Thread.sleep(300);
			Map<String, Object> meta = new LinkedHashMap<>();
			Object result = a.call("math.add", Map.of("a", 2, "b", 3), CallOptions.builder().meta(meta).timeout(Duration.ofSeconds(2)).build()).get();
			assertThat(result).isEqualTo(5);
			assertThat(meta).containsEntry("seen", true);
		}
	}

}
