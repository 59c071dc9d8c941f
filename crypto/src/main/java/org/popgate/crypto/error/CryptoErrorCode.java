package org.popgate.crypto.error;

/**
 * Stable error codes of the crypto module; the codes are part of the API (problem details, audit
 * events, dead-letter reasons), so they are never renamed.
 */
public enum CryptoErrorCode {
    /** The package is not addressed to this member (no recipient entry for its key, or another recipient named). */
    WRONG_RECIPIENT("crypto_wrong_recipient"),
    /** The sender's signature does not verify over the content and manifest. */
    BAD_SIGNATURE("crypto_bad_signature"),
    /** The signing certificate does not chain to a trusted anchor. */
    UNKNOWN_SIGNER("crypto_unknown_signer"),
    /** The signing certificate is trusted but belongs to another member than the manifest's or expected sender. */
    SIGNER_MISMATCH("crypto_signer_mismatch"),
    /** A certificate is outside its validity period (or past its rotation overlap window). */
    CERTIFICATE_EXPIRED("crypto_certificate_expired"),
    /** A certificate is on the revocation list. */
    CERTIFICATE_REVOKED("crypto_certificate_revoked"),
    /** Authentication failed: a changed byte, a wrong key or a malformed structure. */
    TAMPERED_CONTENT("crypto_tampered_content"),
    /** The package ends before its structure is complete. */
    TRUNCATED_PACKAGE("crypto_truncated_package"),
    /** The number of records differs from the manifest's record count. */
    COUNT_MISMATCH("crypto_count_mismatch"),
    /** The records' digest differs from the signed digest (e.g. a manifest swapped in from another package). */
    DIGEST_MISMATCH("crypto_digest_mismatch"),
    /** The package belongs to another exchange than the one expected (replay). */
    REPLAYED_PACKAGE("crypto_replayed_package"),
    /** The package has no manifest, or the manifest cannot be read. */
    BAD_MANIFEST("crypto_bad_manifest"),
    /** A receipt is malformed or incomplete. */
    BAD_RECEIPT("crypto_bad_receipt"),
    /** A key version is referenced that the key store does not hold. */
    UNKNOWN_KEY_VERSION("crypto_unknown_key_version"),
    /** A value is not in the form the operation needs (e.g. not a pseudonym, not an 18-character ID). */
    INVALID_INPUT("crypto_invalid_input"),
    /** A certificate signing request is invalid or does not fit the requested use. */
    BAD_CSR("crypto_bad_csr"),
    /** Writing or reading failed for a reason outside the package (I/O, spool, provider). */
    IO_FAILURE("crypto_io_failure"),
    /** The key store or a provider cannot supply a key or algorithm. */
    KEY_UNAVAILABLE("crypto_key_unavailable");

    private final String code;

    CryptoErrorCode(String code) {
        this.code = code;
    }

    /** The stable snake_case code, e.g. {@code crypto_wrong_recipient}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
