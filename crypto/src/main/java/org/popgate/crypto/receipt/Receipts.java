package org.popgate.crypto.receipt;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.ca.Members;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * Signed receipts as text, in the spirit of a signed note: the receipt's lines, a blank line, then the
 * signer's certificate and a signature over every byte before the blank line, with the recipient's
 * signing key in its suite (ECDSA P-256 or SM3withSM2). Text keeps receipts readable in an audit file
 * and small enough for a queue message.
 *
 * <pre>
 * popgate-receipt/1
 * exchange: …
 * sender: 431100.gateway
 * recipient: 431128.health
 * records: 1234
 * records-sha256: …
 * received-at: 2026-01-02T03:04:05Z
 *
 * certificate: base64 DER
 * signature: base64
 * </pre>
 */
public final class Receipts {

    static final String FORMAT = "popgate-receipt/1";

    private Receipts() {}

    /** Signs {@code receipt} with the recipient's signing key; {@code certificate} goes along for the verifier. */
    public static String sign(Receipt receipt, CryptoSuite suite, PrivateKey signingKey, X509Certificate certificate) {
        String body = body(receipt);
        byte[] signature = suite.sign(signingKey, body.getBytes(StandardCharsets.UTF_8));
        try {
            return body + "\ncertificate: " + Base64.getEncoder().encodeToString(certificate.getEncoded())
                    + "\nsignature: " + Base64.getEncoder().encodeToString(signature) + "\n";
        } catch (CertificateEncodingException e) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The receipt signer's certificate cannot be encoded", e);
        }
    }

    /**
     * Verifies a signed receipt: the certificate is trusted at {@code at}, names the receipt's recipient,
     * and its key signed the receipt. Returns the receipt.
     */
    public static Receipt verify(String signed, CryptoSuite suite, CertificateTrust trust, Instant at) {
        int split = signed.indexOf("\n\n");
        if (split < 0) {
            throw bad("The receipt has no signature block");
        }
        String body = signed.substring(0, split + 1);
        Map<String, String> trailer = fields(signed.substring(split + 2));
        X509Certificate certificate = certificate(trailer.get("certificate"));
        byte[] signature = base64(trailer.get("signature"));
        trust.check(certificate, at);
        if (!suite.verify(certificate.getPublicKey(), body.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new CryptoException(CryptoErrorCode.BAD_SIGNATURE, "The receipt's signature does not verify");
        }
        Receipt receipt = parse(body);
        if (!receipt.recipient().equals(Members.memberOf(certificate))) {
            throw new CryptoException(CryptoErrorCode.SIGNER_MISMATCH, "The receipt is signed by another member than its recipient");
        }
        return receipt;
    }

    static String body(Receipt r) {
        for (String value : new String[] {r.exchangeId(), r.sender(), r.recipient(), r.recordsSha256Hex()}) {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "A receipt field contains a line break");
            }
        }
        return FORMAT + "\nexchange: " + r.exchangeId() + "\nsender: " + r.sender() + "\nrecipient: " + r.recipient()
                + "\nrecords: " + r.recordCount() + "\nrecords-sha256: " + r.recordsSha256Hex()
                + "\nreceived-at: " + r.receivedAt() + "\n";
    }

    private static Receipt parse(String body) {
        String[] lines = body.split("\n", 2);
        if (!FORMAT.equals(lines[0])) {
            throw bad("The receipt is not in format " + FORMAT);
        }
        Map<String, String> f = fields(lines.length > 1 ? lines[1] : "");
        try {
            return new Receipt(required(f, "exchange"), required(f, "sender"), required(f, "recipient"),
                    Long.parseLong(required(f, "records")), required(f, "records-sha256"),
                    Instant.parse(required(f, "received-at")));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw bad("The receipt has a malformed count or time");
        }
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0 || map.put(line.substring(0, colon), line.substring(colon + 2)) != null) {
                throw bad("The receipt has a malformed or repeated line");
            }
        }
        return map;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw bad("The receipt lacks " + name);
        }
        return value;
    }

    private static X509Certificate certificate(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", org.popgate.crypto.BouncyCastle.provider())
                    .generateCertificate(new ByteArrayInputStream(base64(base64)));
        } catch (CertificateException e) {
            throw bad("The receipt's certificate cannot be read");
        }
    }

    private static byte[] base64(String value) {
        if (value == null) {
            throw bad("The receipt's signature block is incomplete");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw bad("The receipt's signature block is not base64");
        }
    }

    private static CryptoException bad(String message) {
        return new CryptoException(CryptoErrorCode.BAD_RECEIPT, message);
    }
}
