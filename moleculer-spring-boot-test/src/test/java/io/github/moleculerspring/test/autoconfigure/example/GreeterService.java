package io.github.moleculerspring.test.autoconfigure.example;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code greeter}: {@code greeter.hello} greets and emits {@code greeter.greeted};
 * {@code greeter.slow} answers after a delay.
 */
@MoleculerService
public class GreeterService {

	/** Emitted by {@code greeter.hello}. */
	public static final String GREETED = "greeter.greeted";

	@Action
	public String hello(Context ctx, @Param("name") @NotBlank String name) {
		ctx.emit(GREETED, new Greeted(name));
		return "Hello " + name;
	}

	@Action
	public CompletableFuture<String> slow(@Param("millis") long millis) {
		return CompletableFuture.supplyAsync(() -> "done after " + Duration.ofMillis(millis),
				CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
	}

}
