package org.popgate.gateway.members;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.popgate.crypto.ca.CertificateUse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Members and their issued certificates in the gateway's database (tables member, member_certificate). */
@Repository
public class MemberRegistry {

    private static final String CERT_COLUMNS =
            "serial, member, cert_use, suite, not_before, not_after, issued_at, retired_after, revoked_at, der";

    private final JdbcClient jdbc;
    private final MemberAccessCache accessCache;

    MemberRegistry(JdbcClient jdbc, MembersProperties properties) {
        this.jdbc = jdbc;
        this.accessCache = new MemberAccessCache(properties.accessCacheTtl(), System::nanoTime);
    }

    /** The certificate with {@code serial} for the per-request member check: at most access-cache-ttl old. */
    Optional<IssuedCertificate> certificateForAccess(String serial) {
        return accessCache.certificate(serial, this::certificate);
    }

    /**
     * The member's status for a per-request check: at most {@code popgate.members.access-cache-ttl} old, and never
     * older than a change made on this instance (docs/decisions/member-access-cache.md).
     */
    public Optional<MemberStatus> statusForAccess(String name) {
        return accessCache.status(name, n -> find(n).map(Member::status));
    }

    /** The member named {@code name}, if registered. */
    public Optional<Member> find(String name) {
        return jdbc.sql("SELECT name, kind, suite, status, registered_at, status_changed_at FROM member WHERE name = ?")
                .param(name).query(MemberRegistry::member).optional();
    }

    List<Member> all() {
        return jdbc.sql("SELECT name, kind, suite, status, registered_at, status_changed_at FROM member ORDER BY name")
                .query(MemberRegistry::member).list();
    }

    void insert(Member m) {
        accessCache.invalidate();
        jdbc.sql("INSERT INTO member (name, kind, suite, status, registered_at, status_changed_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(m.name(), m.kind().name(), m.suite(), m.status().name(), time(m.registeredAt()),
                        time(m.statusChangedAt()))
                .update();
    }

    void setStatus(String name, MemberStatus status, Instant at) {
        accessCache.invalidate();
        jdbc.sql("UPDATE member SET status = ?, status_changed_at = ? WHERE name = ?")
                .params(status.name(), time(at), name).update();
    }

    void insertCertificate(IssuedCertificate c) {
        accessCache.invalidate();
        jdbc.sql("INSERT INTO member_certificate (" + CERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(c.serial(), c.member(), c.use().name(), c.suite(), time(c.notBefore()), time(c.notAfter()),
                        time(c.issuedAt()), time(c.retiredAfter()), time(c.revokedAt()), c.der())
                .update();
    }

    /** The member's newest certificate for {@code use} that is current at {@code now}, if any. */
    public Optional<java.security.cert.X509Certificate> currentCertificate(String member, CertificateUse use, Instant now) {
        return certificates(member).stream()
                .filter(c -> c.use() == use && c.current(now))
                .reduce((older, newer) -> newer)
                .map(c -> {
                    try {
                        return (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                                .getInstance("X.509", org.popgate.crypto.BouncyCastle.provider())
                                .generateCertificate(new java.io.ByteArrayInputStream(c.der()));
                    } catch (java.security.cert.CertificateException e) {
                        throw new IllegalStateException("a stored certificate cannot be read", e);
                    }
                });
    }

    List<IssuedCertificate> certificates(String member) {
        return jdbc.sql("SELECT " + CERT_COLUMNS + " FROM member_certificate WHERE member = ? ORDER BY issued_at")
                .param(member).query(MemberRegistry::certificate).list();
    }

    Optional<IssuedCertificate> certificate(String serial) {
        return jdbc.sql("SELECT " + CERT_COLUMNS + " FROM member_certificate WHERE serial = ?")
                .param(serial).query(MemberRegistry::certificate).optional();
    }

    List<IssuedCertificate> revoked() {
        return jdbc.sql("SELECT " + CERT_COLUMNS + " FROM member_certificate WHERE revoked_at IS NOT NULL")
                .query(MemberRegistry::certificate).list();
    }

    void retire(String serial, Instant after) {
        accessCache.invalidate();
        jdbc.sql("UPDATE member_certificate SET retired_after = ? WHERE serial = ? AND retired_after IS NULL")
                .params(time(after), serial).update();
    }

    void revokeCertificate(String serial, Instant at) {
        accessCache.invalidate();
        jdbc.sql("UPDATE member_certificate SET revoked_at = ? WHERE serial = ? AND revoked_at IS NULL")
                .params(time(at), serial).update();
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        return new Member(rs.getString(1), MemberKind.valueOf(rs.getString(2)), rs.getString(3),
                MemberStatus.valueOf(rs.getString(4)), instant(rs, 5), instant(rs, 6));
    }

    private static IssuedCertificate certificate(ResultSet rs, int row) throws SQLException {
        return new IssuedCertificate(rs.getString(1), rs.getString(2), CertificateUse.valueOf(rs.getString(3)),
                rs.getString(4), instant(rs, 5), instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
                rs.getBytes(10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
