package io.github.moleculerspring.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventNamesTests {

	@ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
	@CsvSource({ "user.created, user.created, true", "user.created, user.updated, false",
			"user.created, user.*, true", "user.created.now, user.*, false", "user.created.now, user.**, true",
			"user, user.**, false", "user.created, **, true", "a.b.c, *, false", "abc, *, true",
			"user.created, *.created, true", "admin.user.created, *.created, false",
			"user.created, user.cre?ted, true", "user.creted, user.cre?ted, false", "userXcreated, user.created, false",
			"userXcreated, user.*, false", "$node.connected, $node.*, true", "a.b.c.d, a.**.d, true",
			"a.d, a.**.d, false" })
	void matchesMoleculerWildcards(String event, String pattern, boolean expected) {
		assertThat(EventNames.matches(event, pattern)).isEqualTo(expected);
	}

}
