package org.popgate.crypto.pack;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.popgate.crypto.suite.ContentCipher;

/**
 * Writes the bytes of one package in a single pass over each chunk of records: the records are
 * copied once into a chunk buffer, hashed for the signature and encrypted from there while the
 * chunk is still in cache, and the ciphertext goes to the output in one write per chunk.
 *
 * <p>Bouncy Castle's stream generators (SignedData inside AuthEnvelopedData) would copy every byte
 * through four buffers of their own and feed the cipher through two nested BER chunkers; this
 * class writes the same layout itself (see {@code docs/decisions/crypto-packages.md}) and uses
 * Bouncy Castle only where it matters: the recipient infos (key agreement / key transport) and the
 * signer info (signed attributes, signature). The layout, byte for byte at the envelope's end, is
 * what {@link PackageReader} requires: BER with indefinite lengths, content chunked into definite
 * OCTET STRINGs, trailer per {@link EnvelopeLayout#trailer}.
 *
 * <p>Every cipher update but the last covers a multiple of 16 bytes (the few bytes left over are
 * carried in front of the next chunk): the JDK's GCM runs at its intrinsic speed only on aligned,
 * large updates.
 */
final class PackageEncoder {

    /** Record bytes per inner OCTET STRING chunk, i.e. per hash and cipher update. */
    static final int CONTENT_CHUNK = PackageFormat.CHUNK;

    /** Room in front of a chunk's records: carried cipher remainder, pending framing, the chunk's tag and length. */
    private static final int FRONT = 128;

    /** Room in front of a sealed chunk for its OCTET STRING tag and length. */
    private static final int SEALED_FRONT = 8;

    private static final byte[] EOC3 = new byte[6];

    private static final byte[] NEWLINE = {'\n'};

    private final OutputStream out;
    private final ContentCipher cipher;
    private final SignerInfoGenerator signer;
    private final OutputStream signedDigest;
    private final MessageDigest separateSha256;
    private final byte[] certificate;
    private final byte[] envelopeSha256;
    private final byte[] plain = new byte[FRONT + CONTENT_CHUNK];
    private final byte[] sealed = new byte[SEALED_FRONT + FRONT + CONTENT_CHUNK + 32];
    private final byte[] carry = new byte[16];
    private int carryLength;
    private int position = FRONT;
    private byte[] pendingFraming;

    /**
     * Writes the envelope header to {@code out} and prepares the signed content.
     *
     * @param separateSha256 a digest to feed the records to beside the signer's (GM: the manifest's SHA-256), or null
     */
    PackageEncoder(OutputStream out, ContentCipher cipher, List<RecipientInfoGenerator> recipients,
            SignerInfoGenerator signer, byte[] certificate, MessageDigest separateSha256)
            throws IOException, CMSException, GeneralSecurityException {
        this.out = out;
        this.cipher = cipher;
        this.signer = signer;
        this.signedDigest = signer.getCalculatingOutputStream();
        this.separateSha256 = separateSha256;
        this.certificate = certificate.clone();

        ASN1EncodableVector infos = new ASN1EncodableVector();
        for (RecipientInfoGenerator recipient : recipients) {
            infos.add(recipient.generate(cipher.key()));
        }
        Bytes header = new Bytes()
                .add(0x30, 0x80).add(CMSObjectIdentifiers.authEnvelopedData.getEncoded()).add(0xa0, 0x80)
                .add(0x30, 0x80).add(new ASN1Integer(0).getEncoded()).add(new DERSet(infos).getEncoded(ASN1Encoding.DER))
                .add(0x30, 0x80).add(CMSObjectIdentifiers.data.getEncoded()).add(cipher.algorithm().getEncoded(ASN1Encoding.DER))
                .add(0xa0, 0x80);
        byte[] headerBytes = header.toArray();
        envelopeSha256 = MessageDigest.getInstance("SHA-256").digest(headerBytes);
        out.write(headerBytes);

        pendingFraming = new Bytes()
                .add(0x30, 0x80).add(CMSObjectIdentifiers.signedData.getEncoded()).add(0xa0, 0x80)
                .add(0x30, 0x80).add(new ASN1Integer(signer.getGeneratedVersion() == 3 ? 3 : 1).getEncoded())
                .add(new DERSet(signer.getDigestAlgorithm()).getEncoded(ASN1Encoding.DER))
                .add(0x30, 0x80).add(CMSObjectIdentifiers.data.getEncoded()).add(0xa0, 0x80)
                .add(0x24, 0x80)
                .toArray();
        if (pendingFraming.length + carry.length + 6 > FRONT) {
            throw new IllegalStateException("signed-data header longer than the room reserved for it");
        }
    }

    /** SHA-256 of the envelope header (everything before the encrypted content), for the manifest. */
    byte[] envelopeSha256() {
        return envelopeSha256.clone();
    }

    /** The chunk buffer; records go to {@code [position(), limit())}. */
    byte[] buffer() {
        return plain;
    }

    int position() {
        return position;
    }

    void position(int newPosition) {
        position = newPosition;
    }

    int limit() {
        return plain.length;
    }

    /** Copies record bytes into the chunk, sealing each full chunk. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, plain.length - position);
            System.arraycopy(bytes, offset, plain, position, n);
            position += n;
            offset += n;
            length -= n;
            if (position == plain.length) {
                sealChunk();
            }
        }
    }

    /** Copies one record's bytes and its terminating {@code '\n'} into the chunk (one call per record, not two). */
    void writeLine(byte[] bytes) throws IOException {
        writeLine(bytes, 0, bytes.length);
    }

    /** Copies one record's bytes and its terminating {@code '\n'} into the chunk. */
    void writeLine(byte[] bytes, int offset, int length) throws IOException {
        if (length < plain.length - position) {
            System.arraycopy(bytes, offset, plain, position, length);
            position += length;
            plain[position++] = '\n';
            if (position == plain.length) {
                sealChunk();
            }
            return;
        }
        write(bytes, offset, length);
        write(NEWLINE, 0, 1);
    }

    /** Hashes the chunk's records, frames and encrypts them, and writes the ciphertext. */
    void sealChunk() throws IOException {
        int n = position - FRONT;
        if (n == 0) {
            return;
        }
        signedDigest.write(plain, FRONT, n);
        if (separateSha256 != null) {
            separateSha256.update(plain, FRONT, n);
        }
        int start = lengthHeader(plain, FRONT, 0x04, n);
        if (pendingFraming != null) {
            start -= pendingFraming.length;
            System.arraycopy(pendingFraming, 0, plain, start, pendingFraming.length);
            pendingFraming = null;
        }
        start -= carryLength;
        System.arraycopy(carry, 0, plain, start, carryLength);
        int total = position - start;
        int aligned = total & ~15;
        carryLength = total - aligned;
        System.arraycopy(plain, start + aligned, carry, 0, carryLength);
        position = FRONT;
        try {
            writeSealed(cipher.update(plain, start, aligned, sealed, SEALED_FRONT));
        } catch (GeneralSecurityException e) {
            throw new IOException("content encryption failed", e);
        }
    }

    /**
     * Seals the last records, signs (the signer info generator calls the manifest attributes back
     * now that count and digest are known), encrypts the signature part and writes the envelope's end.
     */
    void finish() throws IOException, CMSException {
        sealChunk();
        Bytes tail = new Bytes().add(carry, carryLength);
        if (pendingFraming != null) {
            tail.add(pendingFraming);
        }
        tail.add(EOC3)
                .add(0xa0, 0x80).add(certificate).add(0x00, 0x00)
                .add(new DERSet(signer.generate(CMSObjectIdentifiers.data)).getEncoded(ASN1Encoding.DER))
                .add(EOC3);
        byte[] last;
        try {
            byte[] bytes = tail.toArray();
            last = cipher.doFinal(bytes, 0, bytes.length);
        } catch (GeneralSecurityException e) {
            throw new IOException("content encryption failed", e);
        }
        int ciphertext = last.length - ContentCipher.TAG_BYTES;
        if (ciphertext > 0) {
            byte[] header = new byte[SEALED_FRONT];
            int start = lengthHeader(header, SEALED_FRONT, 0x04, ciphertext);
            out.write(header, start, SEALED_FRONT - start);
            out.write(last, 0, ciphertext);
        }
        out.write(EnvelopeLayout.trailer(java.util.Arrays.copyOfRange(last, ciphertext, last.length)));
    }

    private void writeSealed(int length) throws IOException {
        if (length > 0) {
            int start = lengthHeader(sealed, SEALED_FRONT, 0x04, length);
            out.write(sealed, start, SEALED_FRONT + length - start);
        }
    }

    /** Writes a primitive tag and definite length so that they end at {@code end}; returns where they start. */
    static int lengthHeader(byte[] buffer, int end, int tag, int length) {
        int i = end;
        if (length < 0x80) {
            buffer[--i] = (byte) length;
        } else {
            int octets = 0;
            for (int rest = length; rest != 0; rest >>>= 8) {
                buffer[--i] = (byte) rest;
                octets++;
            }
            buffer[--i] = (byte) (0x80 | octets);
        }
        buffer[--i] = (byte) tag;
        return i;
    }

    /** A small growable byte list for the framing. */
    private static final class Bytes {
        private byte[] bytes = new byte[256];
        private int length;

        Bytes add(int... values) {
            for (int value : values) {
                ensure(1);
                bytes[length++] = (byte) value;
            }
            return this;
        }

        Bytes add(byte[] values) {
            return add(values, values.length);
        }

        Bytes add(byte[] values, int count) {
            ensure(count);
            System.arraycopy(values, 0, bytes, length, count);
            length += count;
            return this;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(bytes, length);
        }
    }
}
