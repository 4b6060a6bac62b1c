package io.sermonflow.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who may do what (API.md §3). {@code /api/**} and {@code /actuator/**} are stateless
 * (HTTP Basic or a bearer token, no CSRF, 401/403 as problem+json, never a redirect);
 * everything else is the console with form login, a session and CSRF, plus the public
 * listener paths. Deny by default.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** Staff passwords, with failed sign-ins slowed down (console form and API Basic). */
	@Bean
	AuthenticationProvider staffAuthentication(StaffUsers users, PasswordEncoder passwords, JdbcClient jdbc) {
		DaoAuthenticationProvider checked = new DaoAuthenticationProvider(users);
		checked.setPasswordEncoder(passwords);
		return new SignInGuard(checked, jdbc);
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(Role.ADMIN.name())
			.implies(Role.OPERATOR.name())
			.role(Role.OPERATOR.name())
			.implies(Role.VIEWER.name())
			.build();
	}

	/**
	 * Requests the firewall refuses (encoded slashes and dots, backslashes, null bytes:
	 * traversal probes) get a plain 404, as anything else that is not there.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return new HttpStatusRequestRejectedHandler(HttpStatus.NOT_FOUND.value());
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> ProblemWriter.write(response,
				HttpStatus.UNAUTHORIZED, "Unauthorized",
				"Send HTTP Basic credentials of a staff user or Authorization: Bearer <API token>.");
		AccessDeniedHandler forbidden = (request, response, ex) -> ProblemWriter.write(response, HttpStatus.FORBIDDEN,
				"Forbidden", "Your role does not allow this action.");
		http.securityMatcher("/api/**", "/actuator/**")
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((ex) -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.addFilterBefore(new BearerTokenFilter(tokens, unauthorized), BasicAuthenticationFilter.class)
			.authorizeHttpRequests((auth) -> auth
				.requestMatchers(HttpMethod.GET, "/api/search", "/actuator/health", "/actuator/health/liveness",
						"/actuator/health/readiness")
				.permitAll()
				.requestMatchers("/api/users/**", "/api/tokens/**")
				.hasRole(Role.ADMIN.name())
				// unmarking a clip or a reference is an edit, not a removal of content
				.requestMatchers(HttpMethod.DELETE, "/api/sermons/*/soundbites/*", "/api/sermons/*/scripture/*",
						"/api/vocabulary/*")
				.hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.DELETE, "/api/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**")
				.hasRole(Role.VIEWER.name())
				.requestMatchers("/api/**")
				.hasRole(Role.OPERATOR.name())
				.anyRequest()
				.denyAll());
		return http.build();
	}

	/**
	 * Listener streams: public reads only, no session, no CSRF, no request cache. A
	 * player fetches a segment every few seconds, so this chain is kept short.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain listenerSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/listen/**")
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.authorizeHttpRequests((auth) -> auth.requestMatchers(HttpMethod.GET, "/listen/**")
				.permitAll()
				.requestMatchers(HttpMethod.HEAD, "/listen/**")
				.permitAll()
				.anyRequest()
				.denyAll());
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain consoleSecurity(HttpSecurity http, StaffUsers users) throws Exception {
		http.formLogin((form) -> form.loginPage("/login").successHandler((request, response, authentication) -> {
			CredentialsCheck.signedIn(request, users, authentication.getName());
			response.sendRedirect(request.getContextPath() + "/console");
		})
			.failureHandler((request, response, ex) -> response.sendRedirect(
					request.getContextPath() + ((ex instanceof LockedException) ? "/login?locked" : "/login?error")))
			.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
			.sessionManagement((session) -> session.sessionFixation((fixation) -> fixation.changeSessionId()))
			.addFilterBefore(new CredentialsCheck(users), AuthorizationFilter.class)
			// HSTS goes out on requests that came over TLS (directly, or through a proxy
			// listed in SERMONFLOW_TRUSTED_PROXIES that says so)
			.headers((headers) -> headers
				.httpStrictTransportSecurity((hsts) -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
						+ "media-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")))
			.authorizeHttpRequests((auth) -> auth.requestMatchers(HttpMethod.HEAD, "/listen/**")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/", "/login", "/sermons/**", "/series/**", "/preachers/**",
						"/scripture/**", "/listen/**", "/feeds/**", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
						"/error")
				.permitAll()
				.requestMatchers("/console/users/**", "/console/tokens/**", "/console/dlq/*/delete",
						"/console/dlq/*/redrive", "/console/schedules/*/delete", "/console/sermons/*/delete",
						"/console/series/*/delete", "/console/settings/retention/purge")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.GET, "/console/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
						"/swagger-ui/**")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.POST, "/console/**")
				.hasRole(Role.OPERATOR.name())
				.anyRequest()
				.denyAll());
		return http.build();
	}

}
