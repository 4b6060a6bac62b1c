package io.sermonflow.config;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What this node does and how much: its roles ({@code console}, {@code worker},
 * {@code scheduler}) and how many runs it executes at once.
 */
@ConfigurationProperties("sermonflow")
public record EngineProperties(Set<String> roles, Integer workers, Integer leaseSeconds, Integer shutdownGraceSeconds) {

	public EngineProperties {
		roles = (roles == null || roles.isEmpty()) ? Set.of("console", "worker", "scheduler") : Set.copyOf(roles);
		workers = (workers == null || workers < 1) ? Runtime.getRuntime().availableProcessors() : workers;
		leaseSeconds = (leaseSeconds == null || leaseSeconds < 2) ? 20 : leaseSeconds;
		shutdownGraceSeconds = (shutdownGraceSeconds == null || shutdownGraceSeconds < 0) ? 30 : shutdownGraceSeconds;
	}

	public boolean hasRole(String role) {
		return this.roles.contains(role);
	}

}
