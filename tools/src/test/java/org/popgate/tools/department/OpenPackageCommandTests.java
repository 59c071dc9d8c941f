package org.popgate.tools.department;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.receipt.Receipt;
import org.popgate.crypto.receipt.Receipts;
import org.popgate.crypto.suite.CryptoSuite;
import picocli.CommandLine;

class OpenPackageCommandTests {

    static final List<String> RECORDS = List.of(
            "{\"pseudonym\":\"431128X8812345678Y\",\"name\":null,\"birth\":\"1987\",\"village\":\"431128103007\"}",
            "{\"pseudonym\":\"431128X8812345679Z\",\"name\":\"=HYPERLINK(\\\"http://x\\\")\",\"birth\":\"1990\",\"village\":\"4311281,03\"}",
            "{\"pseudonym\":\"431128X8812345670A\",\"name\":\"李秀英\",\"birth\":\"-2\",\"village\":\"431128103007\"}");

    @TempDir
    Path dir;

    final CryptoSuite suite = CryptoSuite.INTL;
    final MemberCa ca = MemberCa.create(suite, "431100.gateway", Clock.systemUTC());
    final KeyPair gatewaySigning = suite.generateKeyPair();
    final X509Certificate gatewayCertificate = ca.issue(
            CertificateRequests.create(suite, "431100.gateway", gatewaySigning), CertificateUse.SIGNING, Duration.ofDays(30));

    @Test
    void opensVerifiesWritesSafeCsvAndASignedReceipt() throws Exception {
        Path keystore = departmentKeyStore("431128.health");
        Path pkg = writePackage("ex-42", "431128.health");
        Path csv = dir.resolve("records.csv");

        Result result = run("--package", pkg.toString(), "--keystore", keystore.toString(), "--password-file",
                password().toString(), "--member", "431128.health", "--exchange-id", "ex-42", "--sender",
                "431100.gateway", "--out", csv.toString(), "--format", "csv");

        assertThat(result.code).as(result.err).isEqualTo(OpenPackageCommand.OK);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("\uFEFFpseudonym,name,birth,village");
        assertThat(lines.get(1)).isEqualTo("431128X8812345678Y,,1987,431128103007");
        assertThat(lines.get(2)).as("formula neutralised, comma quoted")
                .isEqualTo("431128X8812345679Z,\"'=HYPERLINK(\"\"http://x\"\")\",1990,\"4311281,03\"");
        assertThat(lines.get(3)).isEqualTo("431128X8812345670A,李秀英,'-2,431128103007");

        String receipt = Files.readString(dir.resolve("records.csv.receipt"));
        Receipt verified = Receipts.verify(receipt, suite, CertificateTrust.anchoredAt(ca.certificate()), Instant.now());
        assertThat(verified.exchangeId()).isEqualTo("ex-42");
        assertThat(verified.recordCount()).isEqualTo(3);
        assertThat(verified.recipient()).isEqualTo("431128.health");
    }

    @Test
    void writesJsonLinesExactlyAsSent() throws Exception {
        Path keystore = departmentKeyStore("431128.health");
        Path out = dir.resolve("records.jsonl");
        Result result = run("--package", writePackage("ex-1", "431128.health").toString(), "--keystore",
                keystore.toString(), "--password-file", password().toString(), "--member", "431128.health",
                "--exchange-id", "ex-1", "--out", out.toString());
        assertThat(result.code).as(result.err).isEqualTo(OpenPackageCommand.OK);
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).isEqualTo(RECORDS);
    }

    @Test
    void refusesAReplayedTamperedOrMisaddressedPackageAndWritesNothing() throws Exception {
        Path keystore = departmentKeyStore("431128.health");
        Path pkg = writePackage("ex-7", "431128.health");
        Path out = dir.resolve("out.jsonl");

        Result replay = run("--package", pkg.toString(), "--keystore", keystore.toString(), "--password-file",
                password().toString(), "--member", "431128.health", "--exchange-id", "ex-8", "--out", out.toString());
        assertThat(replay.code).isEqualTo(OpenPackageCommand.REFUSED);
        assertThat(replay.err).contains("crypto_replayed_package");

        byte[] bytes = Files.readAllBytes(pkg);
        bytes[bytes.length / 2] ^= 1;
        Path tampered = Files.write(dir.resolve("tampered.p7m"), bytes);
        Result bad = run("--package", tampered.toString(), "--keystore", keystore.toString(), "--password-file",
                password().toString(), "--member", "431128.health", "--exchange-id", "ex-7", "--out", out.toString());
        assertThat(bad.code).isEqualTo(OpenPackageCommand.REFUSED);
        assertThat(bad.err).contains("crypto_");

        Path police = departmentKeyStore("431128.police");
        Result wrong = run("--package", pkg.toString(), "--keystore", police.toString(), "--password-file",
                password().toString(), "--member", "431128.police", "--exchange-id", "ex-7", "--out", out.toString());
        assertThat(wrong.code).isEqualTo(OpenPackageCommand.REFUSED);
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("out.jsonl.part")).doesNotExist();
    }

    private Path writePackage(String exchangeId, String recipient) throws Exception {
        X509Certificate recipientCertificate = encryptionCertificates.get(recipient);
        PackageWriter writer = PackageWriter.of(suite, gatewaySigning.getPrivate(), gatewayCertificate,
                List.of(recipientCertificate));
        ManifestHeader header = ManifestHeader.jsonLines(exchangeId, "approval-1", "431100.gateway", recipient,
                "newborn vaccination planning", "疫苗管理法 第四十四条", Instant.now(), "person/1", 1);
        Path file = dir.resolve(exchangeId + ".p7m");
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.write(header, RECORDS.iterator(), out);
        }
        return file;
    }

    private final java.util.Map<String, X509Certificate> encryptionCertificates = new java.util.HashMap<>();

    /** What a department holds: its own keys (generated by itself, certified from CSRs) and the gateway CA. */
    private Path departmentKeyStore(String member) throws Exception {
        KeyPair signing = suite.generateKeyPair();
        KeyPair encryption = suite.generateKeyPair();
        X509Certificate signingCertificate = ca.issue(CertificateRequests.create(suite, member, signing),
                CertificateUse.SIGNING, Duration.ofDays(30));
        X509Certificate encryptionCertificate = ca.issue(CertificateRequests.create(suite, member, encryption),
                CertificateUse.ENCRYPTION, Duration.ofDays(30));
        encryptionCertificates.put(member, encryptionCertificate);
        KeyStore ks = KeyStore.getInstance("BCFKS", BouncyCastle.provider());
        ks.load(null, "secret".toCharArray());
        ks.setKeyEntry(OpenPackageCommand.SIGNING, signing.getPrivate(), "secret".toCharArray(),
                new Certificate[] {signingCertificate});
        ks.setKeyEntry(OpenPackageCommand.ENCRYPTION, encryption.getPrivate(), "secret".toCharArray(),
                new Certificate[] {encryptionCertificate});
        ks.setCertificateEntry(OpenPackageCommand.GATEWAY_CA, ca.certificate());
        Path file = dir.resolve(member + ".bcfks");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "secret".toCharArray());
        }
        return file;
    }

    private Path password() throws Exception {
        return Files.writeString(dir.resolve("password"), "secret\n");
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OpenPackageCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
