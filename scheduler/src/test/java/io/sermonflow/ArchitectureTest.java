package io.sermonflow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The engine's core is plain Java, the scheduler module depends on no module above it,
 * and time comes from the injected {@link java.time.Clock}. Every class of the module is
 * checked, whatever its package.
 */
@AnalyzeClasses(packages = "io.sermonflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule core_imports_only_java = classes().that()
		.resideInAnyPackage("io.sermonflow.dag", "io.sermonflow.run", "io.sermonflow.error", "io.sermonflow.admission")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("java..", "io.sermonflow.dag", "io.sermonflow.run", "io.sermonflow.error",
				"io.sermonflow.admission")
		.as("the DAG model, run states, admission rules and errors import only java.*");

	@ArchTest
	static final ArchRule scheduler_depends_on_no_module_above_it = classes().should()
		.onlyDependOnClassesThat(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("io.sermonflow.."))
			.or(inModule("scheduler")))
		.as("every io.sermonflow class the scheduler uses is its own: it depends on neither jobs nor web-console");

	@ArchTest
	static final ArchRule time_comes_from_the_clock = readsNoWallClock();

	/** The classes a module compiled (not the modules beside it on the class path). */
	static DescribedPredicate<JavaClass> inModule(String module) {
		return DescribedPredicate.describe("in module " + module,
				(javaClass) -> javaClass.getBaseComponentType()
					.getSource()
					.map((source) -> source.getUri().toString().contains("/" + module + "/target/classes/"))
					.orElse(false));
	}

	/**
	 * No class reads the wall clock itself: time comes from the injected {@code Clock},
	 * so tests can set it, and durations from {@code System.nanoTime()}.
	 */
	static ArchRule readsNoWallClock() {
		return noClasses().should()
			.callMethod(Instant.class, "now")
			.orShould()
			.callMethod(System.class, "currentTimeMillis")
			.orShould()
			.callMethod(LocalDate.class, "now")
			.orShould()
			.callMethod(LocalDateTime.class, "now")
			.orShould()
			.callMethod(ZonedDateTime.class, "now")
			.orShould()
			.callMethod(OffsetDateTime.class, "now")
			.as("time comes from the injected java.time.Clock (durations from System.nanoTime())");
	}

}
