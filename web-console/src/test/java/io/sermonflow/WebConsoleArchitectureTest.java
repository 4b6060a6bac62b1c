package io.sermonflow;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Every class of the web console (whatever package it is in, so a new one is checked
 * without editing a list) talks to the engine through its ports, never its Spring Batch
 * or JDBC internals.
 */
@AnalyzeClasses(packages = "io.sermonflow",
		importOptions = { ImportOption.DoNotIncludeTests.class, WebConsoleArchitectureTest.WebModule.class })
class WebConsoleArchitectureTest {

	@ArchTest
	static final ArchRule web_uses_the_engine_through_its_ports = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.run.jdbc..", "io.sermonflow.launch..", "io.sermonflow.dispatch..",
				"io.sermonflow.admission..", "org.springframework.batch..");

	/**
	 * Each feature (runs, dags, sermons, listen…) holds its API, pages and views and uses
	 * no other feature: what they share lives in web/ (plumbing), security/ and audit/,
	 * or in the engine and jobs modules. One allowance: staff sermon screens show the
	 * links and filters listeners get, so sermons/ may use listen/. Never the other way.
	 */
	@ArchTest
	static final ArchRule features_do_not_reach_into_each_other = slices().matching("io.sermonflow.(*)..")
		.should()
		.notDependOnEachOther()
		.ignoreDependency(DescribedPredicate.alwaysTrue(), not(resideInWebModuleFeature()))
		.ignoreDependency(resideInAPackage("io.sermonflow.sermons.."), resideInAPackage("io.sermonflow.listen.."));

	@ArchTest
	static final ArchRule the_shared_plumbing_knows_no_feature = classes().that()
		.resideInAnyPackage("io.sermonflow.web..", "io.sermonflow.security..", "io.sermonflow.audit..")
		.should()
		.onlyDependOnClassesThat(not(resideInWebModuleFeature()));

	@ArchTest
	static final ArchRule time_comes_from_the_clock = ArchitectureTest.readsNoWallClock();

	/** A class of one of this module's features: not its plumbing, not main(). */
	private static DescribedPredicate<JavaClass> resideInWebModuleFeature() {
		return DescribedPredicate.describe("a feature of the web console", (type) -> WebModule.holds(type)
				&& !type.getPackageName().matches("io\\.sermonflow(\\.web|\\.security|\\.audit)?"));
	}

	/** This module's own classes, not the jobs' and the scheduler's on the class path. */
	static final class WebModule implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return location.contains(CLASSES);
		}

		static boolean holds(JavaClass type) {
			return type.getSource().map((source) -> source.getUri().toString().contains(CLASSES)).orElse(false);
		}

		private static final String CLASSES = "/web-console/target/classes/";

	}

}
