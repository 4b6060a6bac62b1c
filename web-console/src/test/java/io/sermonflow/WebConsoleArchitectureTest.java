package io.sermonflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The web layer talks to the engine through its ports, never its Spring Batch or JDBC
 * internals.
 */
@AnalyzeClasses(packages = "io.sermonflow", importOptions = ImportOption.DoNotIncludeTests.class)
class WebConsoleArchitectureTest {

	@ArchTest
	static final ArchRule web_uses_the_engine_through_its_ports = noClasses().that()
		.resideInAnyPackage("io.sermonflow.api..", "io.sermonflow.console..", "io.sermonflow.security..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.run.jdbc..", "io.sermonflow.launch..", "org.springframework.batch..");

	@ArchTest
	static final ArchRule the_api_and_the_console_stay_apart = noClasses().that()
		.resideInAPackage("io.sermonflow.api..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.sermonflow.console..");

}
