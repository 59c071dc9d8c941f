package org.popgate.gateway.people;

import java.time.Instant;
import org.popgate.gateway.security.Role;

/** A person's account: one role, bound to a member when the role needs one. */
record Account(long id, String username, String passwordHash, Role role, String member, boolean enabled,
        Instant createdAt, Instant updatedAt) {}
