package io.sermonflow.archive;

import java.time.Duration;

import io.sermonflow.schedule.RecurringJob;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every few seconds, on one node of the cluster: settles finished items and releases the
 * next ones of running imports ({@link ArchiveImports#pace()}).
 */
@DisallowConcurrentExecution
class ImportPacerJob implements Job {

	private final ArchiveImports imports;

	ImportPacerJob(ArchiveImports imports) {
		this.imports = imports;
	}

	@Override
	public void execute(JobExecutionContext context) {
		this.imports.pace();
	}

	@Configuration(proxyBeanMethods = false)
	static class Registration {

		@Bean
		RecurringJob importPacer() {
			return new RecurringJob("import-pacer", ImportPacerJob.class, Duration.ofSeconds(5));
		}

	}

}
