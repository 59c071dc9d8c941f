package org.popgate.gateway.security;

import java.security.cert.X509Certificate;

/** Authenticates a member system by the TLS certificate it presented on this request. */
public interface MemberCertificates {

    /**
     * The member system holding {@code certificate}; throws an {@link org.popgate.gateway.api.ApiException}
     * ({@code certificate_invalid}, {@code member_suspended}, {@code member_revoked}) when it may not call now.
     */
    Caller.MemberSystem authenticate(X509Certificate certificate);
}
