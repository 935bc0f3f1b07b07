package io.github.moleculerspring.sample.ecommerce;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import jakarta.validation.constraints.NotBlank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code greeter} service of Moleculer's project template: {@code greeter.hello} and
 * {@code greeter.welcome}, which emits {@code greeter.welcomed}.
 */
@MoleculerService
public class GreeterService {

	private static final Logger logger = LoggerFactory.getLogger(GreeterService.class);

	/** The event emitted by {@link #welcome}. */
	public static final String WELCOMED = "greeter.welcomed";

	@Action(rest = "GET /hello", description = "Says hello")
	public String hello() {
		return "Hello Moleculer";
	}

	@Action(rest = "GET /welcome", description = "Welcomes someone by name")
	public String welcome(Context ctx, @Param("name") @NotBlank String name) {
		// The MDC holds requestID, nodeID and action here: structured logging shows them.
		logger.info("Welcoming {}", name);
		ctx.emit(WELCOMED, new Welcomed(name));
		return "Welcome, " + name;
	}

}
