package io.sermonflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Every class of the jobs module (whatever package it is in, so a new one is checked
 * without editing a list) uses the engine through its public faces: the DAG and task API,
 * events and the outbox, operator actions, the run store port. Never its Spring Batch
 * launcher, dispatcher, admission or JDBC internals.
 */
@AnalyzeClasses(packages = "io.sermonflow",
		importOptions = { ImportOption.DoNotIncludeTests.class, JobsArchitectureTest.JobsModule.class })
class JobsArchitectureTest {

	@ArchTest
	static final ArchRule jobs_use_the_engine_only_through_its_public_faces = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.launch..", "io.sermonflow.dispatch..", "io.sermonflow.run.jdbc..",
				"io.sermonflow.admission..", "io.sermonflow.pool..", "io.sermonflow.signal..",
				"org.springframework.batch..")
		.as("the jobs talk to the engine through io.sermonflow.dag and its ports, not its Spring Batch or JDBC"
				+ " internals");

	@ArchTest
	static final ArchRule time_comes_from_the_clock = ArchitectureTest.readsNoWallClock();

	/** This module's own classes, not the scheduler's beside them on the class path. */
	static final class JobsModule implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return location.contains("/jobs/target/classes/");
		}

	}

}
