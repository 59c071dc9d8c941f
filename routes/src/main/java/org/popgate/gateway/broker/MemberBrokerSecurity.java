package org.popgate.gateway.broker;

import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.remoting.CertificateUtil;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.ca.Members;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.MemberCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The broker's security manager. In-VM connections (the gateway's own routes, only reachable from inside its
 * JVM) act as the internal gateway user and may do everything. Network connections are member systems: the
 * TLS client certificate must be one the gateway issued, current, and its member ACTIVE (the same check as
 * the HTTPS listener's, a database read); they may send, consume, browse and create addresses and queues only
 * on {@code popgate.<word>.<member>}. Artemis's caches are off (see {@link BrokerConfiguration}), so Artemis
 * calls {@link #authenticate} again before every authorisation: a suspension or revocation refuses the
 * member's very next send or consumer. Refusals are audited as ACCESS_DENIED, like the HTTPS listener's.
 */
final class MemberBrokerSecurity implements ActiveMQSecurityManager5 {

    static final String GATEWAY_USER = "popgate-gateway";

    private static final Logger log = LoggerFactory.getLogger(MemberBrokerSecurity.class);
    private static final Set<CheckType> MEMBER_MAY = Set.of(CheckType.SEND, CheckType.CONSUME, CheckType.BROWSE,
            CheckType.CREATE_ADDRESS, CheckType.CREATE_DURABLE_QUEUE, CheckType.CREATE_NON_DURABLE_QUEUE);
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9-]+");
    private static final String SEND_ONLY = "popgate.pull.receipts";

    private final ObjectProvider<MemberCertificates> members;
    private final ObjectProvider<AuditLog> auditLog;

    MemberBrokerSecurity(ObjectProvider<MemberCertificates> members, ObjectProvider<AuditLog> auditLog) {
        this.members = members;
        this.auditLog = auditLog;
    }

    /** Whether {@code connection} is the gateway's own (in-VM) rather than a member system's (network). */
    static boolean internal(RemotingConnection connection) {
        return connection != null && connection.getTransportConnection() instanceof InVMConnection;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (internal(connection)) {
            Subject subject = new Subject();
            subject.getPrincipals().add(new UserPrincipal(GATEWAY_USER));
            subject.getPrincipals().add(new GatewayPrincipal());
            return subject;
        }
        String member = member(connection, "connect");
        if (member == null) {
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(member));
        return subject;
    }

    /**
     * The member whose certificate {@code connection} presented, if it may act now; otherwise null, the
     * refusal audited with {@code operation}.
     */
    String member(RemotingConnection connection, String operation) {
        X509Certificate[] chain = connection == null ? null : CertificateUtil.getCertsFromConnection(connection);
        if (chain == null || chain.length == 0) {
            log.info("broker access refused: no client certificate");
            return null;
        }
        try {
            Caller.MemberSystem member = members.getObject().authenticate(chain[0]);
            return member.member();
        } catch (ApiException e) {
            log.info("broker access refused: {}", e.code().code());
            deny(memberOf(chain[0]), chain[0].getSerialNumber().toString(16), operation, e.code());
            return null;
        }
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        if (!subject.getPrincipals(GatewayPrincipal.class).isEmpty()) {
            return true;
        }
        Set<UserPrincipal> users = subject.getPrincipals(UserPrincipal.class);
        if (users.size() != 1) {
            return false;
        }
        String member = users.iterator().next().getName();
        boolean allowed = address != null && (MEMBER_MAY.contains(checkType) && mayUse(member, address)
                || checkType == CheckType.SEND && mayOnlySendTo(address));
        if (!allowed) {
            // The check type only: the destination name is the client's input.
            log.info("broker access refused: member {} may not {} there", member, checkType);
            deny(member, null, checkType.name(), ErrorCode.ACCESS_DENIED);
        }
        return allowed;
    }

    /** Whether {@code address} (an address, or {@code address::queue}) is the member's own. */
    static boolean mayUse(String member, String address) {
        int separator = address.indexOf("::");
        return separator < 0 ? owns(member, address)
                : owns(member, address.substring(0, separator)) && owns(member, address.substring(separator + 2));
    }

    /**
     * Whether {@code address} is a queue every member may send to but none may read: the pull receipts queue
     * {@code popgate.pull.receipts} (a receipt authenticates itself by its signature; docs/decisions/pulls.md).
     */
    static boolean mayOnlySendTo(String address) {
        return SEND_ONLY.equals(address) || (SEND_ONLY + "::" + SEND_ONLY).equals(address);
    }

    /** Whether {@code name} is {@code popgate.<word>.<member>}. */
    static boolean owns(String member, String name) {
        String prefix = "popgate.";
        String suffix = "." + member;
        if (!name.startsWith(prefix) || !name.endsWith(suffix) || name.length() <= prefix.length() + suffix.length()) {
            return false;
        }
        return SEGMENT.matcher(name.substring(prefix.length(), name.length() - suffix.length())).matches();
    }

    private void deny(String member, String certificateSerial, String operation, ErrorCode code) {
        try {
            auditLog.getObject().append(AuditEvent.builder(EventType.ACCESS_DENIED)
                    .actor(Actor.member(member, null, certificateSerial))
                    .operation("broker " + operation)
                    .outcome(Outcome.DENIED)
                    .reason(code.code())
                    .build());
        } catch (RuntimeException e) {
            // Refused either way; the audit store's own health check reports a failing store.
            log.warn("could not audit a broker refusal: {}", e.getClass().getSimpleName());
        }
    }

    private static String memberOf(X509Certificate certificate) {
        try {
            return Members.memberOf(certificate);
        } catch (RuntimeException unreadable) {
            return "(unknown)";
        }
    }

    @Override
    public boolean validateUser(String user, String password) {
        return false;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return false;
    }

    /** Marks the internal in-VM user; a member certificate can never yield it. */
    private static final class GatewayPrincipal implements Principal {
        @Override
        public String getName() {
            return GATEWAY_USER;
        }
    }
}
