package dev.cubeshop.gateway.auth;

import java.util.Set;

/** Who called, as a verified token says: the subject is the customer id. */
public record Caller(String subject, Set<String> groups) {
    public boolean isAdmin() {
        return groups.contains("admin");
    }
}
