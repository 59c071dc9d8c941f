package org.popgate.gateway.feeds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.pack.ContentType;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.support.CsrPem;
import org.popgate.gateway.support.TestGateway;

/** A department's system in tests: its member, signing key and certificate, and how it packages a feed. */
record Department(String member, KeyPair signing, X509Certificate signingCertificate,
        TestGateway.MemberCredentials tls) {

    /** Registers the member, enrols a TLS and a signing certificate through the API. */
    static Department enrol(TestGateway gateway, String member) {
        TestGateway.MemberCredentials tls = gateway.enrolMember(member, "DEPARTMENT");
        KeyPair pair = CryptoSuite.INTL.generateKeyPair();
        TestGateway.Response issued = gateway.send(gateway.as("sysadmin", "/api/v1/members/" + member + "/certificates")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("use", "SIGNING", "csr", CsrPem.of(CertificateRequests.create(
                        CryptoSuite.INTL, member, pair))))).build());
        if (issued.status() != 201) {
            throw new IllegalStateException("enrolling a signing key: " + issued.status());
        }
        return new Department(member, pair, CsrPem.certificate(issued.json().get("certificate").asString()), tls);
    }

    /** Packs a simulated feed (CSV lines or JSON Lines, line breaks CRLF or LF) as an exchange package to the gateway. */
    byte[] pack(String exchangeId, byte[] feed, Charset charset, boolean csv, X509Certificate gateway, String gatewayMember) {
        List<String> lines = Arrays.stream(new String(feed, charset).split("\r?\n")).filter(l -> !l.isEmpty()).toList();
        ManifestHeader header = new ManifestHeader(exchangeId, "feed", member, gatewayMember, "register changes",
                "population information regulation", Instant.now(), csv ? ContentType.CSV : ContentType.JSON_LINES,
                charset, csv ? "popgate.feed.csv.v1" : "popgate.feed.json.v1", 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageWriter.of(CryptoSuite.INTL, signing.getPrivate(), signingCertificate, List.of(gateway))
                .write(header, lines.stream(), out);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Department[" + member + "]";
    }
}
