package io.sermonflow.runs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sermonflow.audit.AuditLog;
import io.sermonflow.control.RunActions;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.Run;
import io.sermonflow.run.RunQuery;
import io.sermonflow.run.RunStats;
import io.sermonflow.run.RunStatus;
import io.sermonflow.run.RunStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The runs pages' controller alone: filters, paging, 404 and bulk retry, without a
 * database.
 */
@WebMvcTest(RunsPages.class)
@WithMockUser(username = "olive", roles = "OPERATOR")
class RunsPagesSliceTest {

	static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	RunStore runs;

	@MockitoBean
	RunStats stats;

	@MockitoBean
	RunActions actions;

	@MockitoBean
	DagRegistry dags;

	@MockitoBean
	RunPageModel views;

	@MockitoBean
	LiveRuns live;

	@MockitoBean
	AuditLog audit;

	@MockitoBean
	Clock clock;

	@BeforeEach
	void setUp() {
		given(this.clock.instant()).willReturn(NOW);
		given(this.clock.getZone()).willReturn(ZoneOffset.UTC);
	}

	static Run aRun(String id, RunStatus status, Instant created) {
		return new Run(id, "demo-flaky", status, 1, 4, 1, null, Map.of(), 0, null, null, null,
				(status == RunStatus.FAILED) ? "it broke" : null, created, created, created.plusSeconds(2), null, false,
				null, null, null, List.of(), "0123456789ab", null, 1, null);
	}

	@Test
	void the_list_asks_for_the_filter_given_and_offers_bulk_retry_of_failed_runs() throws Exception {
		given(this.runs.list(any())).willReturn(List.of(aRun("run-failed-1", RunStatus.FAILED, NOW.minusSeconds(60))));
		String page = this.mvc.perform(get("/console/runs").param("status", "FAILED").param("since", "24h"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		ArgumentCaptor<RunQuery> query = ArgumentCaptor.forClass(RunQuery.class);
		verify(this.runs).list(query.capture());
		assertThat(query.getValue().status()).isEqualTo(RunStatus.FAILED);
		assertThat(query.getValue().since()).isEqualTo(NOW.minus(Duration.ofHours(24)));
		assertThat(query.getValue().limit()).isEqualTo(RunsPages.PAGE_SIZE + 1);
		assertThat(page).contains("run-fail")
			.contains("name=\"runId\" value=\"run-failed-1\"")
			.contains("Retry selected failed runs");
	}

	@Test
	void an_unknown_status_or_page_marker_is_explained_and_ignored() throws Exception {
		given(this.runs.list(any())).willReturn(List.of());
		this.mvc.perform(get("/console/runs").param("status", "EXPLODED").param("before", "yesterday"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Unknown status")));
		ArgumentCaptor<RunQuery> query = ArgumentCaptor.forClass(RunQuery.class);
		verify(this.runs).list(query.capture());
		assertThat(query.getValue().status()).isNull();
		assertThat(query.getValue().before()).isNull();
	}

	@Test
	void an_unknown_run_is_a_404() throws Exception {
		given(this.views.of("nope")).willReturn(Optional.empty());
		this.mvc.perform(get("/console/runs/nope")).andExpect(status().isNotFound());
	}

	@Test
	void bulk_retry_retries_each_run_names_those_it_skipped_and_audits_each_retry() throws Exception {
		given(this.actions.retryAll(java.util.List.of("a", "b"), false))
			.willReturn(new RunActions.BulkRetry(false, java.util.List.of("a"),
					java.util.List.of(new RunActions.BulkRetry.Skipped("b", io.sermonflow.run.RunStatus.SUCCEEDED))));
		this.mvc.perform(post("/console/runs/retry").param("runId", "a", "b").with(csrf()))
			.andExpect(redirectedUrl("/console/runs"))
			.andExpect(flash().attribute("notice", "Retried 1 run."))
			.andExpect(flash().attribute("problem", "1 were no longer FAILED and were left alone: b"));
		verify(this.actions).retryAll(java.util.List.of("a", "b"), false);
		verify(this.audit, times(1)).record(eq("olive"), eq("retry run (bulk)"), eq("runId=a"), any());
		verify(this.audit, times(0)).record(anyString(), anyString(), eq("runId=b"), any());
	}

	@Test
	void bulk_retry_with_nothing_selected_says_what_to_do() throws Exception {
		this.mvc.perform(post("/console/runs/retry").with(csrf()))
			.andExpect(flash().attribute("problem", "Select the failed runs to retry first."));
	}

}
