package org.popgate.crypto.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Writes exchange packages: the records, signed by the sender (CMS SignedData, RFC 5652) and
 * encrypted to one or more recipients (CMS AuthEnvelopedData, RFC 5083), streamed straight to an
 * {@link OutputStream} so memory stays flat whatever the record count.
 *
 * <p>Layout: {@code ContentInfo(authEnvelopedData)} whose encrypted content is a
 * {@code ContentInfo(signedData)} with the records as encapsulated content (each record followed by
 * {@code '\n'}, nothing else), and the {@link Manifest} as a signed attribute
 * ({@link PackageFormat#MANIFEST_ATTRIBUTE}, JSON in a UTF8String). The manifest goes into the
 * signed attributes because its count and digest are only known once the last record has been
 * streamed, and signed attributes are computed exactly then; it also keeps the content a plain
 * JSON Lines/CSV file for a recipient who opens the package with {@code openssl cms}.
 *
 * <p>The CMS bytes are written by {@link PackageEncoder} in one pass per chunk; Bouncy Castle builds
 * the recipient infos and the signer info.
 *
 * <p>Thread-safe: each {@link #open} builds its own encoder, keys and signer.
 */
public final class PackageWriter {

    private final CryptoSuite suite;
    private final PrivateKey signingKey;
    private final X509Certificate signingCertificate;
    private final List<X509Certificate> recipientCertificates;
    private final X509CertificateHolder signingCertificateHolder;

    private UnaryOperator<Manifest> manifestHook = UnaryOperator.identity();

    private PackageWriter(CryptoSuite suite, PrivateKey signingKey, X509Certificate signingCertificate,
            List<X509Certificate> recipientCertificates) {
        if (recipientCertificates.isEmpty()) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "A package needs at least one recipient");
        }
        this.suite = Objects.requireNonNull(suite);
        this.signingKey = Objects.requireNonNull(signingKey);
        this.signingCertificate = Objects.requireNonNull(signingCertificate);
        this.recipientCertificates = List.copyOf(recipientCertificates);
        try {
            this.signingCertificateHolder = new JcaX509CertificateHolder(signingCertificate);
        } catch (CertificateEncodingException e) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The signing certificate cannot be encoded", e);
        }
    }

    /**
     * A writer signing with {@code signingKey}/{@code signingCertificate} and encrypting to every
     * certificate in {@code recipientEncryptionCertificates} (e.g. the department and the security
     * officers' archive).
     */
    public static PackageWriter of(CryptoSuite suite, PrivateKey signingKey, X509Certificate signingCertificate,
            List<X509Certificate> recipientEncryptionCertificates) {
        return new PackageWriter(suite, signingKey, signingCertificate, recipientEncryptionCertificates);
    }

    /** Test seam: lets a test play a faulty sender whose signed manifest does not match its records. */
    PackageWriter withManifestHook(UnaryOperator<Manifest> hook) {
        this.manifestHook = hook;
        return this;
    }

    /** Writes all {@code records} as one package to {@code out} (left open) and returns its manifest. */
    public Manifest write(ManifestHeader header, Iterator<String> records, OutputStream out) {
        try (RecordSink sink = open(header, out)) {
            while (records.hasNext()) {
                sink.add(records.next());
            }
            return sink.finish();
        }
    }

    /** Writes all {@code records} as one package to {@code out} (left open) and returns its manifest. */
    public Manifest write(ManifestHeader header, Stream<String> records, OutputStream out) {
        return write(header, records.iterator(), out);
    }

    /** Opens a package on {@code out} for the caller to {@link RecordSink#add add} records to, then {@link RecordSink#finish finish}. */
    public RecordSink open(ManifestHeader header, OutputStream out) {
        return new RecordSink(header, out);
    }

    /**
     * Accepts the records of one package, one line each. {@link #finish()} seals the package; closing
     * without finishing abandons it (the bytes written so far do not form a valid package).
     */
    public final class RecordSink implements AutoCloseable {
        private final ManifestHeader header;
        private final Charset charset;
        private final boolean utf8;
        private final PackageEncoder encoder;
        private final MessageDigest separateSha256;
        private long count;
        private Manifest manifest;
        private boolean done;

        private RecordSink(ManifestHeader header, OutputStream out) {
            this.header = Objects.requireNonNull(header);
            this.charset = header.encoding();
            this.utf8 = charset.equals(StandardCharsets.UTF_8);
            try {
                List<RecipientInfoGenerator> recipients = new ArrayList<>(recipientCertificates.size());
                for (X509Certificate recipient : recipientCertificates) {
                    recipients.add(suite.recipientInfo(recipient));
                }
                // INTL signs over SHA-256 already, so the manifest reuses the CMS digest instead of hashing twice.
                separateSha256 = suite instanceof CryptoSuite.Intl ? null : MessageDigest.getInstance("SHA-256");
                SignerInfoGenerator signer = new SignerInfoGeneratorBuilder(suite.digestCalculators())
                        .setSignedAttributeGenerator(new ManifestAttributes())
                        .build(suite.contentSigner(signingKey), signingCertificateHolder);
                encoder = new PackageEncoder(out, suite.contentCipher(), recipients, signer,
                        signingCertificateHolder.getEncoded(), separateSha256);
            } catch (IOException e) {
                throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot start package " + header.exchangeId(), e);
            } catch (CMSException | OperatorCreationException | GeneralSecurityException e) {
                throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot set up package " + header.exchangeId(), e);
            }
        }

        /** Adds one record; it must not contain a line break. */
        public void add(String record) {
            if (done) {
                throw new IllegalStateException("package already finished");
            }
            if (record.indexOf('\n') >= 0 || record.indexOf('\r') >= 0) {
                throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "Record " + (count + 1) + " contains a line break");
            }
            try {
                byte[] bytes = record.getBytes(charset);
                encoder.writeLine(bytes);
            } catch (IOException e) {
                throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot write package " + header.exchangeId(), e);
            }
            count++;
        }

        /**
         * Adds one record already encoded as UTF-8 (the encoding of every JSON Lines package), e.g. built by a
         * producer straight into bytes. The record is checked for line breaks eight bytes at a time (a record of
         * printable ASCII passes on that alone); one with other bytes is checked byte by byte, and if it is not
         * ASCII, checked to be well-formed UTF-8. A package declared in another encoding
         * (GB18030 CSV) takes its records as {@link #add(String) strings}.
         */
        public void add(byte[] record, int offset, int length) {
            if (done) {
                throw new IllegalStateException("package already finished");
            }
            Objects.checkFromIndexSize(offset, length, record.length);
            if (!utf8) {
                throw new CryptoException(CryptoErrorCode.INVALID_INPUT,
                        "Records as bytes need a UTF-8 package, this one is " + charset.name());
            }
            if (!LineCheck.isPrintableAscii(record, offset, length)) {
                int flags = LineCheck.classify(record, offset, length);
                if ((flags & LineCheck.LINE_BREAK) != 0) {
                    throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "Record " + (count + 1) + " contains a line break");
                }
                if ((flags & LineCheck.NON_ASCII) != 0 && !Utf8.isWellFormed(record, offset, length)) {
                    throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "Record " + (count + 1) + " is not well-formed UTF-8");
                }
            }
            try {
                encoder.writeLine(record, offset, length);
            } catch (IOException e) {
                throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot write package " + header.exchangeId(), e);
            }
            count++;
        }

        /** Adds one record already encoded as UTF-8; see {@link #add(byte[], int, int)}. */
        public void add(byte[] record) {
            add(record, 0, record.length);
        }

        /** Seals the package (signature, manifest, GCM tag) and returns its manifest. */
        public Manifest finish() {
            if (!done) {
                done = true;
                try {
                    encoder.finish();
                } catch (IOException e) {
                    throw new CryptoException(CryptoErrorCode.IO_FAILURE, "Cannot finish package " + header.exchangeId(), e);
                } catch (CMSException e) {
                    throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Cannot sign package " + header.exchangeId(), e);
                }
            }
            return manifest;
        }

        /** Number of records added so far. */
        public long count() {
            return count;
        }

        @Override
        public void close() {
            done = true;
        }

        /** Adds the manifest to the standard signed attributes once the content digest is known. */
        private final class ManifestAttributes implements CMSAttributeTableGenerator {
            private final DefaultSignedAttributeTableGenerator standard = new DefaultSignedAttributeTableGenerator();

            @Override
            @SuppressWarnings("rawtypes")
            public AttributeTable getAttributes(Map parameters) {
                byte[] sha256 = separateSha256 != null
                        ? separateSha256.digest()
                        : (byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST);
                manifest = manifestHook.apply(Manifest.of(header, count, sha256, encoder.envelopeSha256()));
                return standard.getAttributes(parameters)
                        .add(PackageFormat.MANIFEST_ATTRIBUTE, new DERUTF8String(ManifestJson.write(manifest)));
            }
        }
    }

}
