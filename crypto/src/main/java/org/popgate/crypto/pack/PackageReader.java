package org.popgate.crypto.pack;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.util.Store;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.Members;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Opens exchange packages written by {@link PackageWriter}: decrypts with this member's key,
 * verifies the sender's signature and certificate, checks the manifest against the records and
 * against what the caller {@link Expected expects}, and only then releases the records.
 *
 * <p><b>Spool, not two passes.</b> AES-GCM (and SM4-GCM) authenticates only at the end of the
 * stream, and the signature and manifest digest are also only checkable at the end, so no record
 * may be released before the whole package has been read. With flat memory that leaves two
 * choices: read twice, or keep the plaintext until the checks pass. Two passes need an input that
 * can be read again and unchanged (a file, not a queue message or an HTTP body), double the
 * decryption cost, and leave a gap between checking and releasing in which the file can change.
 * The reader therefore reads once and spools the plaintext, re-encrypted under a key held only in
 * memory ({@link Spool}), to a file in the data directory; {@link OpenedPackage#close()} deletes it.
 *
 * <p>Thread-safe: every {@link #open} works on its own parsers and spool.
 */
public final class PackageReader {

    private final CryptoSuite suite;
    private final PrivateKey decryptionKey;
    private final X509Certificate decryptionCertificate;
    private final CertificateTrust trust;
    private final Path spoolDirectory;
    private final Clock clock;

    private PackageReader(CryptoSuite suite, PrivateKey decryptionKey, X509Certificate decryptionCertificate,
            CertificateTrust trust, Path spoolDirectory, Clock clock) {
        this.suite = Objects.requireNonNull(suite);
        this.decryptionKey = Objects.requireNonNull(decryptionKey);
        this.decryptionCertificate = Objects.requireNonNull(decryptionCertificate);
        this.trust = Objects.requireNonNull(trust);
        this.spoolDirectory = Objects.requireNonNull(spoolDirectory);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * A reader decrypting with {@code decryptionKey} (whose certificate is {@code decryptionCertificate}),
     * trusting signers per {@code trust}, spooling into {@code spoolDirectory}.
     */
    public static PackageReader of(CryptoSuite suite, PrivateKey decryptionKey, X509Certificate decryptionCertificate,
            CertificateTrust trust, Path spoolDirectory, Clock clock) {
        return new PackageReader(suite, decryptionKey, decryptionCertificate, trust, spoolDirectory, clock);
    }

    /** The same reader with another trust (e.g. after a new revocation list arrived). */
    public PackageReader withTrust(CertificateTrust newTrust) {
        return new PackageReader(suite, decryptionKey, decryptionCertificate, newTrust, spoolDirectory, clock);
    }

    /**
     * Reads the whole package from {@code in}, verifies it and returns it opened; throws a
     * {@link CryptoException} with the failing check's code otherwise. {@code in} is read to its end
     * but not closed.
     */
    public OpenedPackage open(InputStream in, Expected expected) {
        Tracking input = new Tracking(in);
        Spool spool = new Spool(spoolDirectory);
        try {
            OpenedPackage opened = read(input, spool, expected);
            spool = null;
            return opened;
        } catch (CryptoException e) {
            throw e;
        } catch (IOException | CMSException | RuntimeException e) {
            throw classify(e, input);
        } finally {
            if (spool != null) {
                spool.close();
            }
        }
    }

    private OpenedPackage read(Tracking input, Spool spool, Expected expected) throws IOException, CMSException {
        CMSAuthEnvelopedDataParser envelope = new CMSAuthEnvelopedDataParser(input);
        RecipientInformation recipient = envelope.getRecipientInfos().get(suite.recipientId(decryptionCertificate));
        if (recipient == null) {
            throw notForUs(envelope);
        }
        CMSTypedStream decrypted = recipient.getContentStream(suite.recipient(decryptionKey));
        InputStream plain = decrypted.getContentStream();
        CMSSignedDataParser signed = new CMSSignedDataParser(suite.digestCalculators(), plain);
        // INTL signs over SHA-256, so the signature check's content digest is the records' SHA-256 (one pass, not two).
        MessageDigest sha256 = suite instanceof CryptoSuite.Intl ? null : sha256();
        long lines = 0;
        int last = -1;
        try (InputStream content = signed.getSignedContent().getContentStream()) {
            byte[] buffer = new byte[PackageFormat.CHUNK];
            int n;
            while ((n = content.read(buffer)) > 0) {
                if (sha256 != null) {
                    sha256.update(buffer, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                last = buffer[n - 1];
                spool.write(buffer, 0, n);
            }
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> certificates = signed.getCertificates();
        // Reading to the end of the decrypted stream is what makes the cipher check the GCM tag.
        plain.transferTo(java.io.OutputStream.nullOutputStream());
        envelope.getUnauthAttrs();
        input.drain();
        if (!java.util.Arrays.equals(input.tail(), EnvelopeLayout.trailer(envelope.getMac()))) {
            throw new CryptoException(CryptoErrorCode.TAMPERED_CONTENT, "The package's end is altered or has bytes appended");
        }
        spool.seal();

        if (signers.size() != 1) {
            throw new CryptoException(CryptoErrorCode.BAD_SIGNATURE, "A package carries exactly one signature");
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = certificates.getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new CryptoException(CryptoErrorCode.UNKNOWN_SIGNER, "The package does not carry its signer's certificate");
        }
        X509Certificate signerCertificate = certificate(matches.iterator().next());
        Manifest manifest = manifestOf(signer);
        verifySignature(signer, signerCertificate);
        trust.check(signerCertificate, clock.instant());

        String signerMember = Members.memberOf(signerCertificate);
        if (!signerMember.equals(manifest.sender())) {
            throw new CryptoException(CryptoErrorCode.SIGNER_MISMATCH,
                    "The package is signed by " + signerMember + " but names " + manifest.sender() + " as sender");
        }
        if (expected.sender() != null && !expected.sender().equals(manifest.sender())) {
            throw new CryptoException(CryptoErrorCode.SIGNER_MISMATCH,
                    "The package comes from " + manifest.sender() + ", not from " + expected.sender());
        }
        byte[] recordsSha256 = sha256 != null ? sha256.digest() : signer.getContentDigest();
        if (!MessageDigest.isEqual(recordsSha256, manifest.recordsSha256())) {
            throw new CryptoException(CryptoErrorCode.DIGEST_MISMATCH, "The records do not match the manifest's digest");
        }
        if (last != -1 && last != '\n') {
            lines++;
        }
        if (lines != manifest.recordCount()) {
            throw new CryptoException(CryptoErrorCode.COUNT_MISMATCH,
                    "The package holds " + lines + " records, the manifest says " + manifest.recordCount());
        }
        int headerLength = EnvelopeLayout.headerLength(input.prefix(), input.prefixLength());
        if (headerLength < 0 || !MessageDigest.isEqual(manifest.envelopeSha256(), digest(input.prefix(), headerLength))) {
            throw new CryptoException(CryptoErrorCode.TAMPERED_CONTENT, "The package's envelope differs from the one the sender signed");
        }
        if (!expected.recipient().equals(manifest.recipient())) {
            throw new CryptoException(CryptoErrorCode.WRONG_RECIPIENT,
                    "The package is addressed to " + manifest.recipient() + ", not " + expected.recipient());
        }
        if (!expected.exchangeId().equals(manifest.exchangeId())) {
            throw new CryptoException(CryptoErrorCode.REPLAYED_PACKAGE,
                    "The package belongs to exchange " + manifest.exchangeId() + ", not " + expected.exchangeId());
        }
        return new OpenedPackage(manifest, signerCertificate, spool);
    }

    /**
     * No recipient entry names this member's certificate. If this member's key nevertheless unwraps
     * one of the entries, the entry's identifier was altered (tampering); otherwise the package is
     * for someone else.
     */
    private CryptoException notForUs(CMSAuthEnvelopedDataParser envelope) {
        for (RecipientInformation other : envelope.getRecipientInfos().getRecipients()) {
            try {
                other.getContentStream(suite.recipient(decryptionKey));
                return new CryptoException(CryptoErrorCode.TAMPERED_CONTENT, "A recipient entry of the package was altered");
            } catch (CMSException | IOException | RuntimeException notOurs) {
                // Expected for entries of other members: their key-wrap integrity check fails with our key.
            }
        }
        return new CryptoException(CryptoErrorCode.WRONG_RECIPIENT, "The package is not addressed to this member's key");
    }

    private static byte[] digest(byte[] bytes, int length) {
        MessageDigest digest = sha256();
        digest.update(bytes, 0, length);
        return digest.digest();
    }

    private void verifySignature(SignerInformation signer, X509Certificate certificate) {
        try {
            SignerInformationVerifier verifier = new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
                    new DefaultSignatureAlgorithmIdentifierFinder(), new SuiteVerifierProvider(suite, certificate),
                    suite.digestCalculators());
            if (!signer.verify(verifier)) {
                throw new CryptoException(CryptoErrorCode.BAD_SIGNATURE, "The sender's signature does not verify");
            }
        } catch (CMSSignerDigestMismatchException e) {
            throw new CryptoException(CryptoErrorCode.DIGEST_MISMATCH,
                    "The signature covers other records than the package holds", e);
        } catch (CMSException | RuntimeException e) {
            if (e instanceof CryptoException ce) {
                throw ce;
            }
            throw new CryptoException(CryptoErrorCode.BAD_SIGNATURE, "The sender's signature does not verify", e);
        }
    }

    private static Manifest manifestOf(SignerInformation signer) {
        AttributeTable attributes = signer.getSignedAttributes();
        Attribute attribute = attributes == null ? null : attributes.get(PackageFormat.MANIFEST_ATTRIBUTE);
        if (attribute == null || attribute.getAttrValues().size() != 1
                || !(attribute.getAttrValues().getObjectAt(0) instanceof ASN1String text)) {
            throw new CryptoException(CryptoErrorCode.BAD_MANIFEST, "The package has no signed manifest");
        }
        return ManifestJson.read(text.getString());
    }

    private static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().setProvider(BouncyCastle.provider()).getCertificate(holder);
        } catch (CertificateException e) {
            throw new CryptoException(CryptoErrorCode.UNKNOWN_SIGNER, "The signer's certificate cannot be read", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "SHA-256 is unavailable", e);
        }
    }

    /**
     * A package whose end still has the trailer's shape was damaged inside (tampering), even when the
     * damage made the parser run out of input; one whose trailer is missing was cut off.
     */
    private static CryptoException classify(Exception e, Tracking input) {
        if (e instanceof CryptoException ce) {
            return ce;
        }
        try {
            input.drain();
        } catch (IOException unreadable) {
            return new CryptoException(CryptoErrorCode.IO_FAILURE, "The package cannot be read to its end", unreadable);
        }
        if (!EnvelopeLayout.looksLikeTrailer(input.tail())) {
            return new CryptoException(CryptoErrorCode.TRUNCATED_PACKAGE, "The package ends before it is complete", e);
        }
        return new CryptoException(CryptoErrorCode.TAMPERED_CONTENT, "The package fails authentication or is malformed", e);
    }

    /** Keeps the first bytes (to hash the envelope header) and the last bytes (to check the trailer) of the raw input. */
    private static final class Tracking extends FilterInputStream {
        private final byte[] prefix = new byte[EnvelopeLayout.MAX_HEADER];
        private int prefixLength;
        private final byte[] ring = new byte[EnvelopeLayout.TRAILER_LENGTH];
        private long total;

        Tracking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                if (prefixLength < prefix.length) {
                    int copy = Math.min(n, prefix.length - prefixLength);
                    System.arraycopy(b, off, prefix, prefixLength, copy);
                    prefixLength += copy;
                }
                int start = Math.max(off, off + n - ring.length);
                for (int i = start; i < off + n; i++) {
                    ring[(int) ((total + i - off) % ring.length)] = b[i];
                }
                total += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        void drain() throws IOException {
            byte[] buffer = new byte[PackageFormat.CHUNK];
            while (read(buffer, 0, buffer.length) >= 0) {
                // keep reading: the tail is what matters
            }
        }

        byte[] prefix() {
            return prefix;
        }

        int prefixLength() {
            return prefixLength;
        }

        byte[] tail() {
            int length = (int) Math.min(total, ring.length);
            byte[] tail = new byte[length];
            for (int i = 0; i < length; i++) {
                tail[i] = ring[(int) ((total - length + i) % ring.length)];
            }
            return tail;
        }

        @Override
        public void close() {
            // The caller owns the input; BC's parsers close what they are given.
        }
    }
}
