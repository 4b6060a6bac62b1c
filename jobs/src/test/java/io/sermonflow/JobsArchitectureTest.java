package io.sermonflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Dependencies point one way: web-console, then jobs, then scheduler. */
@AnalyzeClasses(packages = "io.sermonflow", importOptions = ImportOption.DoNotIncludeTests.class)
class JobsArchitectureTest {

	@ArchTest
	static final ArchRule jobs_do_not_depend_on_the_web_console = noClasses().that()
		.resideInAnyPackage("io.sermonflow.demo..", "io.sermonflow.search..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.api..", "io.sermonflow.security..", "io.sermonflow.console..");

	@ArchTest
	static final ArchRule jobs_use_the_engine_only_through_its_task_api = noClasses().that()
		.resideInAnyPackage("io.sermonflow.demo..", "io.sermonflow.search..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.launch..", "io.sermonflow.dispatch..", "io.sermonflow.run.jdbc..")
		.as("DAGs talk to the engine through io.sermonflow.dag, not its Spring Batch or JDBC internals");

}
