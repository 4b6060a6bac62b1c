package test.sermonflow.engine;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;

/**
 * The engine alone (no jobs, no web) as a Boot application, for the engine's behaviour
 * tests. It lives outside {@code io.sermonflow} on purpose: the web console's tests and
 * the child nodes they start have this module's test jar on their class path, and
 * scanning {@code io.sermonflow} there must not find a second application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan("io.sermonflow")
public class EngineTestApplication {

}
