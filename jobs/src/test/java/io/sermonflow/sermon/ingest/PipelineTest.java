package io.sermonflow.sermon.ingest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import test.sermonflow.jobs.JobsTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The engine and the sermon pipelines on the test stack: their own database, queues and
 * index prefix, the real ffmpeg, PocketSphinx, ONNX model and Elasticsearch.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = JobsTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("jobs-test")
public @interface PipelineTest {

}
