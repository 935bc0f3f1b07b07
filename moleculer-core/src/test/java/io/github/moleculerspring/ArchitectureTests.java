package io.github.moleculerspring;

import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import io.github.moleculerspring.error.MoleculerError;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of moleculer-core (docs/architecture.md): no import cycle between its packages, and no Spring import.
 * Main classes only; tests may reach across packages.
 */
class ArchitectureTests {

	/** The classes of moleculer-core's own output: not those of moleculer-test-support, which shares the base package. */
	private static final JavaClasses CORE = new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importLocations(Set.of(Location.of(MoleculerError.class.getProtectionDomain().getCodeSource().getLocation())));

	@Test
	void coreClassesAreImported() {
		assertThat(CORE.containPackage("io.github.moleculerspring.broker")).isTrue();
		assertThat(CORE.stream().noneMatch(c -> c.getPackageName().startsWith("io.github.moleculerspring.test"))).isTrue();
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.github.moleculerspring.(*)..")
				.should().beFreeOfCycles()
				.check(CORE);
	}

	@Test
	void subpackagesAreFreeOfCycles() {
		// transport.nats and transport.local sit below transport: they may import it, never the other way round.
		slices().matching("io.github.moleculerspring.(**)")
				.should().beFreeOfCycles()
				.check(CORE);
	}

	@Test
	void coreHasNoSpringImport() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..")
				.check(CORE);
	}

}
