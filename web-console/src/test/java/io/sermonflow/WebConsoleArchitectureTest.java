package io.sermonflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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

	@ArchTest
	static final ArchRule the_api_and_the_console_stay_apart = noClasses().that()
		.resideInAPackage("io.sermonflow.api..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.sermonflow.console..");

	@ArchTest
	static final ArchRule listeners_pages_know_nothing_of_staff_screens = noClasses().that()
		.resideInAPackage("io.sermonflow.listen..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.api..", "io.sermonflow.console..");

	@ArchTest
	static final ArchRule time_comes_from_the_clock = ArchitectureTest.readsNoWallClock();

	/** This module's own classes, not the jobs' and the scheduler's on the class path. */
	static final class WebModule implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return location.contains("/web-console/target/classes/");
		}

	}

}
