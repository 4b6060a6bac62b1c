package io.sermonflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The engine's core is plain Java, and the scheduler module depends on no module above
 * it.
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
	static final ArchRule scheduler_depends_on_no_module_above_it = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.sermonflow.demo..", "io.sermonflow.search..", "io.sermonflow.api..",
				"io.sermonflow.security..", "io.sermonflow.console..")
		.as("scheduler depends on neither jobs nor web-console");

}
