package io.sermonflow.audit;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records every action that succeeded through the API or the console: any POST, PATCH,
 * PUT or DELETE answered below 400, as its route ({@code POST /api/runs/{runId}/retry})
 * and the ids it named. A handler that records richer entries itself (a bulk action, one
 * per run) sets {@link AuditLog#recordedBy}.
 */
@Configuration(proxyBeanMethods = false)
class AuditInterceptor implements HandlerInterceptor, WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);

	private final AuditLog audit;

	AuditInterceptor(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/api/**", "/console/**");
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		String method = request.getMethod();
		if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || response.getStatus() >= 400
				|| ex != null || request.getAttribute(AuditLog.RECORDED) != null) {
			return;
		}
		Authentication user = SecurityContextHolder.getContext().getAuthentication();
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		String target = (variables == null || variables.isEmpty()) ? null
				: variables.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + e.getValue())
					.collect(Collectors.joining(" "));
		try {
			this.audit.record((user != null) ? user.getName() : "anonymous",
					method + " " + ((pattern != null) ? pattern : request.getRequestURI()), target, null);
		}
		catch (RuntimeException failure) {
			// the action itself succeeded; a missing audit line is logged, not turned
			// into an error
			log.error("Could not record {} {} in the audit log", method, request.getRequestURI(), failure);
		}
	}

}
