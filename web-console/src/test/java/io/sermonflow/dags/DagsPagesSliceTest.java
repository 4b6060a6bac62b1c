package io.sermonflow.dags;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sermonflow.audit.AuditLog;
import io.sermonflow.control.DagPauses;
import io.sermonflow.control.RunActions;
import io.sermonflow.dag.Dag;
import io.sermonflow.dag.DagRegistry;
import io.sermonflow.run.RunStore;
import io.sermonflow.schedule.Schedules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The DAG pages' controller alone: the graph, and triggering a run with JSON data. */
@WebMvcTest(DagsPages.class)
@WithMockUser(roles = "OPERATOR")
class DagsPagesSliceTest {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	DagRegistry dags;

	@MockitoBean
	DagPauses pauses;

	@MockitoBean
	RunActions actions;

	@MockitoBean
	RunStore runs;

	@MockitoBean
	Schedules schedules;

	@MockitoBean
	AuditLog audit;

	@BeforeEach
	void setUp() {
		Dag dag = Dag.dag("two-steps")
			.task("first", (context) -> 1)
			.task("second", List.of("first"), (context) -> 2)
			.retries(2, Duration.ofSeconds(1), Duration.ofMinutes(1))
			.build();
		given(this.dags.find("two-steps")).willReturn(Optional.of(dag));
		given(this.dags.find("nope")).willReturn(Optional.empty());
	}

	@Test
	void the_dag_page_draws_its_tasks_and_edges() throws Exception {
		this.mvc.perform(get("/console/dags/two-steps"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString(">first</text>")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString(">second</text>")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("<path d=\"M")));
	}

	@Test
	void a_run_is_triggered_with_the_json_object_given() throws Exception {
		given(this.actions.trigger("two-steps", Map.of("tasks", 3))).willReturn("run-1");
		this.mvc.perform(post("/console/dags/two-steps/runs").param("data", "{\"tasks\":3}").with(csrf()))
			.andExpect(redirectedUrl("/console/runs/run-1"));
	}

	@Test
	void data_that_is_not_a_json_object_goes_back_with_the_reason_and_starts_nothing() throws Exception {
		this.mvc.perform(post("/console/dags/two-steps/runs").param("data", "[1, 2").with(csrf()))
			.andExpect(redirectedUrl("/console/dags/two-steps"))
			.andExpect(flash().attribute("problem", "The run data must be a JSON object, such as {\"tasks\": 3}."))
			.andExpect(flash().attribute("data", "[1, 2"));
		verify(this.actions, never()).trigger(anyString(), any());
	}

	@Test
	void an_unknown_dag_is_a_404() throws Exception {
		this.mvc.perform(get("/console/dags/nope")).andExpect(status().isNotFound());
		this.mvc.perform(post("/console/dags/nope/pause").with(csrf())).andExpect(status().isNotFound());
	}

}
