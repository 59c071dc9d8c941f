package org.popgate.gateway.migrant;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.pack.Expected;
import org.popgate.crypto.pack.Manifest;
import org.popgate.crypto.pack.ManifestHeader;
import org.popgate.crypto.pack.OpenedPackage;
import org.popgate.crypto.pack.PackageReader;
import org.popgate.crypto.pack.PackageWriter;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Migrant messages as exchange packages: signed by the sending office, encrypted to the receiving office alone,
 * one JSON line per message (several messages to the same office may share a package; each keeps its key).
 */
final class MigrantPackages {

    static final String PURPOSE = "migrant-exchange";
    static final String LEGAL_BASIS = "流动人口计划生育工作条例";
    static final String SCHEMA = "popgate-migrant/1";

    private MigrantPackages() {}

    /** One sealed package and the id it travels under. */
    record Sealed(String packageId, String sender, String recipient, byte[] bytes) {}

    /** What a package held once opened and verified: its signed sender, creation time and records digest. */
    record Opened(String sender, Instant createdAt, String recordsSha256, List<MigrantMessage> messages) {}

    /** How messages become bytes on the wire and back. */
    interface Codec {
        Sealed seal(String packageId, OfficeKeys.Office sender, String recipient, X509Certificate recipientCertificate,
                List<MigrantMessage> messages, Instant now);

        Opened open(byte[] bytes, String packageId, OfficeKeys.Office recipient, CertificateTrust trust, Path spool,
                Clock clock);
    }

    /** Signed by the sending office, encrypted to the receiving office: what the gateway always uses. */
    static final Codec SECURE = new Codec() {
        @Override
        public Sealed seal(String packageId, OfficeKeys.Office sender, String recipient, X509Certificate certificate,
                List<MigrantMessage> messages, Instant now) {
            return MigrantPackages.seal(packageId, sender, recipient, certificate, messages, now);
        }

        @Override
        public Opened open(byte[] bytes, String packageId, OfficeKeys.Office recipient, CertificateTrust trust, Path spool,
                Clock clock) {
            return MigrantPackages.open(bytes, packageId, recipient, trust, spool, clock);
        }
    };

    /**
     * The benchmark's baseline only (never configured in the gateway): the same JSON lines, unsigned and
     * unencrypted, so the benchmark measures what signing and encryption cost end to end.
     */
    static final Codec PLAIN = new Codec() {
        @Override
        public Sealed seal(String packageId, OfficeKeys.Office sender, String recipient, X509Certificate certificate,
                List<MigrantMessage> messages, Instant now) {
            StringBuilder lines = new StringBuilder();
            messages.forEach(m -> lines.append(MigrantCodec.write(m)).append('\n'));
            return new Sealed(packageId, sender.name(), recipient, lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public Opened open(byte[] bytes, String packageId, OfficeKeys.Office recipient, CertificateTrust trust, Path spool,
                Clock clock) {
            List<MigrantMessage> messages = new ArrayList<>();
            for (String line : new String(bytes, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                messages.add(MigrantCodec.read(line));
            }
            return new Opened(messages.get(0).sender(), messages.get(0).sentAt(), "plain", messages);
        }
    };

    static Sealed seal(String packageId, OfficeKeys.Office sender, String recipient, X509Certificate recipientCertificate,
            List<MigrantMessage> messages, Instant now) {
        PackageWriter writer = PackageWriter.of(CryptoSuite.INTL, sender.signingKey(), sender.signingCertificate(),
                List.of(recipientCertificate));
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + 512 * messages.size());
        writer.write(ManifestHeader.jsonLines(packageId, "migrant", sender.name(), recipient, PURPOSE, LEGAL_BASIS, now,
                SCHEMA, 0), messages.stream().map(MigrantCodec::write), out);
        return new Sealed(packageId, sender.name(), recipient, out.toByteArray());
    }

    /** Opens a package addressed to {@code recipient} under {@code packageId}; throws the crypto code on any failure. */
    static Opened open(byte[] bytes, String packageId, OfficeKeys.Office recipient, CertificateTrust trust, Path spool,
            Clock clock) {
        PackageReader reader = PackageReader.of(CryptoSuite.INTL, recipient.encryptionKey(),
                recipient.encryptionCertificate(), trust, spool, clock);
        try (OpenedPackage opened = reader.open(new ByteArrayInputStream(bytes),
                Expected.of(packageId, recipient.name(), null))) {
            List<MigrantMessage> messages = new ArrayList<>();
            opened.forEachRecord(line -> messages.add(MigrantCodec.read(line)));
            Manifest manifest = opened.manifest();
            return new Opened(manifest.sender(), manifest.createdAt(), manifest.recordsSha256Hex(), messages);
        }
    }
}
