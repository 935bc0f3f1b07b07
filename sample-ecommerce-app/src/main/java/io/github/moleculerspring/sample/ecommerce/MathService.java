package io.github.moleculerspring.sample.ecommerce;

import java.util.List;

import io.github.moleculerspring.annotation.Action;
import io.github.moleculerspring.annotation.MoleculerService;
import io.github.moleculerspring.annotation.Param;
import io.github.moleculerspring.context.Context;
import io.github.moleculerspring.error.ValidationError;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code math} service. Parameters that are missing or not numbers fail with a
 * {@link ValidationError}, as does a division by zero.
 */
@MoleculerService
public class MathService {

	@Action(rest = "GET /add")
	public double add(@Param("a") double a, @Param("b") double b) {
		return a + b;
	}

	@Action(rest = "GET /div")
	public double div(Context ctx, Operands operands) {
		if (operands.b() == 0) {
			ValidationError.Violation violation = new ValidationError.Violation("numberNotEqual", "b",
					"The 'b' field can't be equal to 0.", 0, 0, null, null)
				.withOrigin(ctx.nodeID(), ctx.action());
			throw ValidationError.of("Parameters validation error!", List.of(violation));
		}
		return operands.a() / operands.b();
	}

	/**
	 * The operands of a division.
	 * @param a the dividend
	 * @param b the divisor
	 */
	public record Operands(@NotNull Double a, @NotNull Double b) {
	}

}
