package org.popgate.gateway.members;

import java.time.Instant;

/** A registered member ({@code <region code>.<department>}) with its kind, crypto suite and status. */
public record Member(String name, MemberKind kind, String suite, MemberStatus status, Instant registeredAt,
        Instant statusChangedAt) {}
