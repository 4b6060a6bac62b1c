package io.sermonflow.config;

import java.util.Arrays;
import java.util.Map;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnRoleCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(OnRole.class.getName());
		String role = (String) attributes.get("value");
		String roles = context.getEnvironment().getProperty("sermonflow.roles", "");
		return roles.isBlank() || Arrays.stream(roles.split(",")).map(String::trim).anyMatch(role::equals);
	}

}
