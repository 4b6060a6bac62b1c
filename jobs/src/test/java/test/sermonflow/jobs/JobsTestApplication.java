package test.sermonflow.jobs;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The engine and the sermon pipelines (no web) as a Boot application, for the pipelines'
 * tests. Outside {@code io.sermonflow} for the reason the engine's test application is:
 * modules that have this test jar on their class path scan {@code io.sermonflow} and must
 * not find a second application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan("io.sermonflow")
public class JobsTestApplication {

}
