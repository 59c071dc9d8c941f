package org.popgate.gateway.backup;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.backup.BackupException.Failure;

/**
 * The backup file format: standard CMS, AuthEnvelopedData (RFC 5083: ECDH P-256 key agreement per
 * recipient, AES-256-GCM) around SignedData (RFC 5652: the gateway's backup signing key, ECDSA P-256)
 * around a ZIP archive whose last entry is the {@link BackupManifest} with every entry's size and SHA-256.
 * It has the structure of the exchange packages that OpenSSL's {@code cms -decrypt}/{@code cms -verify} open
 * (checked for those in {@code OpenSslInteropTests}; not re-checked for backups).
 *
 * <p>Everything streams (64 KiB buffers): memory stays flat whatever the database size. Reading releases
 * entry bytes before the GCM tag and the signature are checked (they sit at the end), so a restore reads
 * a backup twice: once to {@link #verify} it without writing anything, then to extract it into an empty
 * target, checking everything again and wiping the target if the second read fails.
 */
final class BackupArchive {

    static final int BUFFER = 64 * 1024;
    private static final int MAX_MANIFEST = 4 * 1024 * 1024;

    private BackupArchive() {}

    /** The key a reader decrypts with: the backup recipient's (or escrow's) private key and certificate. */
    record Key(PrivateKey privateKey, X509Certificate certificate) {}

    /** Writes one entry's bytes. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Receives one entry while the archive is read; whatever it leaves unread is drained. */
    @FunctionalInterface
    interface EntryHandler {
        void entry(String name, InputStream data) throws IOException;
    }

    /** Starts a backup on {@code out}, signed with {@code signingKey}, encrypted to every certificate in {@code recipients}. */
    static Writer open(OutputStream out, PrivateKey signingKey, X509Certificate signingCertificate,
            List<X509Certificate> recipients) {
        return new Writer(out, signingKey, signingCertificate, recipients);
    }

    /** Streams the archive's entries into a CMS envelope; {@link #finish} writes the manifest and seals it. */
    static final class Writer {
        private final OutputStream envelope;
        private final OutputStream signed;
        private final ZipOutputStream zip;
        private final List<BackupManifest.Entry> entries = new ArrayList<>();

        private Writer(OutputStream out, PrivateKey signingKey, X509Certificate signingCertificate,
                List<X509Certificate> recipients) {
            if (recipients.isEmpty()) {
                throw new BackupException(Failure.NOT_CONFIGURED, "a backup needs at least one recipient certificate");
            }
            CryptoSuite suite = CryptoSuite.INTL;
            try {
                CMSAuthEnvelopedDataStreamGenerator envelopeGenerator = new CMSAuthEnvelopedDataStreamGenerator();
                envelopeGenerator.setBufferSize(BUFFER);
                for (X509Certificate recipient : recipients) {
                    envelopeGenerator.addRecipientInfoGenerator(suite.recipientInfo(recipient));
                }
                envelope = envelopeGenerator.open(out, suite.contentEncryptor());
                CMSSignedDataStreamGenerator signedGenerator = new CMSSignedDataStreamGenerator();
                signedGenerator.setBufferSize(BUFFER);
                signedGenerator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(suite.digestCalculators())
                        .build(suite.contentSigner(signingKey), new JcaX509CertificateHolder(signingCertificate)));
                signedGenerator.addCertificates(new JcaCertStore(List.of(signingCertificate)));
                signed = signedGenerator.open(envelope, true);
                zip = new ZipOutputStream(new BufferedOutputStream(signed, BUFFER));
                // The database dumps inside are compressed by their own tools already.
                zip.setLevel(Deflater.NO_COMPRESSION);
            } catch (IOException | CMSException | OperatorCreationException | CertificateException e) {
                throw new BackupException(Failure.SNAPSHOT_FAILED, "cannot start the backup envelope", e);
            }
        }

        /** Adds an entry whose bytes {@code body} writes; returns its size and digest. */
        BackupManifest.Entry add(String name, Body body) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            Digesting digesting = new Digesting(zip);
            body.writeTo(digesting);
            zip.closeEntry();
            BackupManifest.Entry entry = new BackupManifest.Entry(name, digesting.count, digesting.hex());
            entries.add(entry);
            return entry;
        }

        /** Adds a file's bytes as an entry. */
        BackupManifest.Entry addFile(String name, Path file) throws IOException {
            return add(name, out -> {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
            });
        }

        /** Writes {@code draft} with the entries written so far as the last entry and seals the envelope. */
        BackupManifest finish(BackupManifest draft) throws IOException {
            BackupManifest manifest = new BackupManifest(draft.format(), draft.id(), draft.createdAt(), draft.gateway(),
                    draft.database(), draft.checkpointNote(), entries);
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY_NAME));
            zip.write(manifest.toJson());
            zip.closeEntry();
            zip.finish();
            zip.flush();
            signed.close();
            envelope.close();
            return manifest;
        }
    }

    /** Reads the whole backup, checking everything, without writing anything; returns its manifest. */
    static BackupManifest verify(Path file, Key key, X509Certificate expectedSigner) {
        return read(file, key, expectedSigner, (name, data) -> { });
    }

    /**
     * Reads the backup, handing each data entry to {@code handler} as it streams past, then checks the
     * signature, the signer, the GCM tag and every entry against the manifest. Throws
     * {@link BackupException} with the first failing check.
     */
    static BackupManifest read(Path file, Key key, X509Certificate expectedSigner, EntryHandler handler) {
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, key, expectedSigner, handler);
        } catch (IOException e) {
            throw new BackupException(Failure.UNREADABLE, "cannot open the backup " + file.getFileName(), e);
        }
    }

    static BackupManifest read(InputStream raw, Key key, X509Certificate expectedSigner, EntryHandler handler) {
        CryptoSuite suite = CryptoSuite.INTL;
        Counting in = new Counting(raw);
        InputStream plain;
        CMSAuthEnvelopedDataParser envelope;
        try {
            envelope = new CMSAuthEnvelopedDataParser(in);
            RecipientInformation recipient = envelope.getRecipientInfos().get(suite.recipientId(key.certificate()));
            if (recipient == null) {
                throw new BackupException(Failure.WRONG_KEY, "the backup is not encrypted to this key");
            }
            CMSTypedStream decrypted;
            try {
                decrypted = recipient.getContentStream(suite.recipient(key.privateKey()));
            } catch (CMSException | RuntimeException e) {
                throw new BackupException(Failure.WRONG_KEY, "this key does not unwrap the backup's content key", e);
            }
            plain = decrypted.getContentStream();
        } catch (BackupException e) {
            throw e;
        } catch (CMSException | IOException | RuntimeException e) {
            throw classify(e, in, "the backup's envelope cannot be read");
        }
        try {
            CMSSignedDataParser signedData = new CMSSignedDataParser(suite.digestCalculators(), plain);
            Map<String, BackupManifest.Entry> seen = new HashMap<>();
            List<String> order = new ArrayList<>();
            BackupManifest manifest = null;
            try (InputStream content = signedData.getSignedContent().getContentStream()) {
                ZipInputStream zip = new ZipInputStream(content);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    String name = entry.getName();
                    if (manifest != null) {
                        throw new BackupException(Failure.DIGEST_MISMATCH, "an entry follows the manifest");
                    }
                    if (BackupManifest.ENTRY_NAME.equals(name)) {
                        byte[] json = zip.readNBytes(MAX_MANIFEST + 1);
                        if (json.length > MAX_MANIFEST) {
                            throw new BackupException(Failure.DIGEST_MISMATCH, "the manifest is too large");
                        }
                        manifest = BackupManifest.fromJson(json);
                        continue;
                    }
                    Entering entering = new Entering(zip);
                    handler.entry(name, entering);
                    entering.transferTo(OutputStream.nullOutputStream());
                    if (seen.put(name, new BackupManifest.Entry(name, entering.count, entering.hex())) != null) {
                        throw new BackupException(Failure.DIGEST_MISMATCH, "entry " + name + " appears twice");
                    }
                    order.add(name);
                }
                content.transferTo(OutputStream.nullOutputStream());
            }
            X509Certificate signer = checkSignature(signedData, expectedSigner);
            // Reading the decrypted stream to its end is what makes the cipher check the GCM tag.
            plain.transferTo(OutputStream.nullOutputStream());
            if (envelope.getMac() == null) {
                throw new BackupException(Failure.TRUNCATED, "the backup's authentication tag is missing");
            }
            if (in.read() != -1) {
                throw new BackupException(Failure.TAMPERED, "the backup has bytes appended");
            }
            if (manifest == null) {
                throw new BackupException(Failure.DIGEST_MISMATCH, "the backup has no manifest");
            }
            if (!manifest.entries().stream().map(BackupManifest.Entry::name).toList().equals(order)) {
                throw new BackupException(Failure.DIGEST_MISMATCH, "the entries differ from the manifest's list");
            }
            for (BackupManifest.Entry expected : manifest.entries()) {
                if (!expected.equals(seen.get(expected.name()))) {
                    throw new BackupException(Failure.DIGEST_MISMATCH, "entry " + expected.name() + " differs from its digest");
                }
            }
            if (signer == null) {
                throw new BackupException(Failure.BAD_SIGNATURE, "the backup is not signed");
            }
            return manifest;
        } catch (BackupException e) {
            throw e;
        } catch (CMSException | IOException | RuntimeException e) {
            throw classify(e, in, "the backup does not authenticate");
        }
    }

    private static X509Certificate checkSignature(CMSSignedDataParser signedData, X509Certificate expectedSigner)
            throws CMSException {
        Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new BackupException(Failure.BAD_SIGNATURE, "a backup carries exactly one signature");
        }
        SignerInformation info = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certificates = signedData.getCertificates();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = certificates.getMatches(info.getSID());
        if (matches.isEmpty()) {
            throw new BackupException(Failure.BAD_SIGNATURE, "the backup does not carry its signer's certificate");
        }
        try {
            X509Certificate signer = new JcaX509CertificateConverter().setProvider(BouncyCastle.provider())
                    .getCertificate(matches.iterator().next());
            if (expectedSigner != null && !signer.equals(expectedSigner)) {
                throw new BackupException(Failure.BAD_SIGNATURE, "the backup is signed by another key than this gateway's");
            }
            SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(BouncyCastle.provider()).build(signer);
            if (!info.verify(verifier)) {
                throw new BackupException(Failure.BAD_SIGNATURE, "the backup's signature does not verify");
            }
            return signer;
        } catch (CertificateException | OperatorCreationException e) {
            throw new BackupException(Failure.BAD_SIGNATURE, "the backup's signer cannot be checked", e);
        } catch (CMSException e) {
            throw new BackupException(Failure.BAD_SIGNATURE, "the backup's signature does not verify", e);
        }
    }

    /** A damaged backup whose reading ran out of input was cut off; otherwise its bytes were altered. */
    private static BackupException classify(Exception e, Counting in, String what) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof EOFException || (t.getMessage() != null && t.getMessage().contains("unexpected end"))) {
                return new BackupException(Failure.TRUNCATED, "the backup ends before it is complete", e);
            }
            t = t.getCause();
        }
        if (in.atEndEarly()) {
            return new BackupException(Failure.TRUNCATED, "the backup ends before it is complete", e);
        }
        return new BackupException(Failure.TAMPERED, what, e);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Counts and hashes what is written through it, without closing the archive underneath. */
    private static final class Digesting extends FilterOutputStream {
        private final MessageDigest digest = sha256();
        private long count;

        Digesting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            digest.update((byte) b);
            count++;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            digest.update(b, off, len);
            count += len;
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        String hex() {
            return BackupArchive.hex(digest.digest());
        }
    }

    /** One entry's bytes, counted and hashed as the handler reads them; closing it does not close the archive. */
    private static final class Entering extends FilterInputStream {
        private final MessageDigest digest = sha256();
        private long count;

        Entering(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(n, 1))];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }

        String hex() {
            return BackupArchive.hex(digest.digest());
        }
    }

    /** Counts the raw bytes read, to tell a cut-off file from an altered one. */
    private static final class Counting extends FilterInputStream {
        private boolean endSeen;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            endSeen |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            endSeen |= n < 0;
            return n;
        }

        boolean atEndEarly() {
            return endSeen;
        }
    }
}
