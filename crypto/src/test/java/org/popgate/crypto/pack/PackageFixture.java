package org.popgate.crypto.pack;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.crypto.testing.TestMember;

/** A CA, a gateway (sender), a department and an archive for one suite, plus helpers to write and read packages. */
final class PackageFixture {

    final CryptoSuite suite;
    final MemberCa ca;
    final TestMember gateway;
    final TestMember police;
    final TestMember archive;
    final Path spool;

    PackageFixture(CryptoSuite suite, Path spool) {
        this.suite = suite;
        this.ca = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
        this.gateway = TestMember.enrol(ca, "431100.gateway");
        this.police = TestMember.enrol(ca, "431128.police");
        this.archive = TestMember.enrol(ca, "431100.archive");
        this.spool = spool;
    }

    ManifestHeader header(String exchangeId) {
        return ManifestHeader.jsonLines(exchangeId, "approval-7", gateway.name(), police.name(), "household check",
                "户口登记条例 第三条", Instant.parse("2025-01-02T03:04:05Z"), "person/1", 3);
    }

    PackageWriter writer(TestMember... recipients) {
        List<java.security.cert.X509Certificate> certs = new ArrayList<>();
        for (TestMember r : recipients) {
            certs.add(r.encryptionCertificate());
        }
        return PackageWriter.of(suite, gateway.signing().getPrivate(), gateway.signingCertificate(), certs);
    }

    byte[] write(String exchangeId, int records, TestMember... recipients) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer(recipients.length == 0 ? new TestMember[] {police} : recipients).write(header(exchangeId), records(records), out);
        return out.toByteArray();
    }

    PackageReader reader(TestMember member) {
        return PackageReader.of(suite, member.encryption().getPrivate(), member.encryptionCertificate(),
                CertificateTrust.anchoredAt(ca.certificate()), spool, Clock.systemUTC());
    }

    OpenedPackage open(byte[] bytes, TestMember member, String exchangeId) {
        return reader(member).open(new ByteArrayInputStream(bytes), Expected.of(exchangeId, police.name(), gateway.name()));
    }

    static Iterator<String> records(int n) {
        return IntStream.range(0, n).mapToObj(PackageFixture::record).iterator();
    }

    static String record(int i) {
        return "{\"seq\":" + i + ",\"name\":\"张三" + i + "\",\"area\":\"431128\",\"note\":\"" + "x".repeat(i % 50) + "\"}";
    }
}
