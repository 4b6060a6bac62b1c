package io.sermonflow.engine;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import test.sermonflow.engine.EngineTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The engine on the test stack (its own database, its own queues on the test ElasticMQ)
 * with the test DAGs. Every engine behaviour test uses this one configuration, so they
 * share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = EngineTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("engine-test")
@Import({ TestDags.class, EngineTestStack.class })
public @interface EngineTest {

}
