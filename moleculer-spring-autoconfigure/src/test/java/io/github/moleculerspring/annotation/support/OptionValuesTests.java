package io.github.moleculerspring.annotation.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link OptionValues}.
 */
class OptionValuesTests {

	@Test
	void kebabCaseKeysBecomeMoleculerOptionNames() {
		assertThat(OptionValues.key("shard-key")).isEqualTo("shardKey");
		assertThat(OptionValues.key("low-cpu-usage")).isEqualTo("lowCpuUsage");
		assertThat(OptionValues.key("shardKey")).isEqualTo("shardKey");
		assertThat(OptionValues.key("vnodes")).isEqualTo("vnodes");
	}

	@Test
	void valuesThatReadAsNumbersOrBooleansAreTyped() {
		assertThat(OptionValues.value("20")).isEqualTo(20);
		assertThat(OptionValues.value("-3")).isEqualTo(-3);
		assertThat(OptionValues.value("4294967296")).isEqualTo(4294967296L);
		assertThat(OptionValues.value("0.25")).isEqualTo(0.25);
		assertThat(OptionValues.value("1e3")).isEqualTo(1000.0);
		assertThat(OptionValues.value("TRUE")).isEqualTo(true);
		assertThat(OptionValues.value("false")).isEqualTo(false);
		assertThat(OptionValues.value("userId")).isEqualTo("userId");
		assertThat(OptionValues.value("#tenant")).isEqualTo("#tenant");
		assertThat(OptionValues.value("1.2.3")).isEqualTo("1.2.3");
		assertThat(OptionValues.value("")).isEqualTo("");
	}

	@Test
	void entriesAreParsedInOrder() {
		String[] entries = { "shard-key = user.id", "vnodes=20", "note=a=b" };
		assertThat(OptionValues.parse(entries, "strategyOptions")).containsExactly(Map.entry("shardKey", "user.id"), Map.entry("vnodes", 20), Map.entry("note", "a=b"));
	}

	@Test
	void entryWithoutKeyOrSeparatorIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OptionValues.parse(new String[] { "shardKey" }, "strategyOptions"))
			.withMessage("strategyOptions entry 'shardKey' is not of the form key=value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> OptionValues.parse(new String[] { " =x" }, "strategyOptions"))
			.withMessage("strategyOptions entry ' =x' is not of the form key=value");
	}

	@Test
	void nestedMapsAreNormalizedToo() {
		Map<String, Object> nested = new LinkedHashMap<>();
		nested.put("max-size", "5");
		Map<String, Object> bound = new LinkedHashMap<>();
		bound.put("cache-options", nested);
		bound.put("weight", 3);
		assertThat(OptionValues.normalize(bound)).isEqualTo(Map.of("cacheOptions", Map.of("maxSize", 5), "weight", 3));
	}

}
