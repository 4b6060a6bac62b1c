package io.sermonflow.security;

import java.time.Instant;

/** A staff account as listed: never its password hash. */
public record StaffUser(String username, Role role, boolean disabled, Instant createdAt) {
}
