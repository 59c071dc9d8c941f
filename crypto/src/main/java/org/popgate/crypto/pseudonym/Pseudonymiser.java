package org.popgate.crypto.pseudonym;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.popgate.crypto.keys.GatewayKeyStore;

/**
 * Per-recipient pseudonym domains: the same person gets a different pseudonym in each department,
 * so datasets cannot be joined across departments. Keys are derived per (recipient, field, key
 * version) from the master key of that version ({@link PseudonymKeys#domainKey}); after rotation,
 * new output uses the new version and every older version still reverses.
 *
 * <p>Usage per outbound package: take {@link #idNumbers(String)} and {@link #tokens(String, String)}
 * once for the package's recipient, pseudonymise each record, and put {@link #currentVersion()} in
 * the manifest. Thread-safe; domains are cached.
 */
public final class Pseudonymiser {

    /** The field name under which ID-number domain keys are derived. */
    public static final String ID_NUMBER_FIELD = "id-number";

    private final PseudonymKeys keys;
    private final Map<String, IdDomain> idDomains = new ConcurrentHashMap<>();
    private final Map<String, TokenDomain> tokenDomains = new ConcurrentHashMap<>();

    public Pseudonymiser(PseudonymKeys keys) {
        this.keys = keys;
    }

    /** A pseudonymiser on the gateway key store's pseudonym master keys. */
    public static Pseudonymiser from(GatewayKeyStore store) {
        return new Pseudonymiser(PseudonymKeys.from(store));
    }

    /** The key version new pseudonyms are made with. */
    public int currentVersion() {
        return keys.currentVersion();
    }

    /** ID-number pseudonyms for {@code recipient} at the current key version. */
    public IdDomain idNumbers(String recipient) {
        return idNumbers(recipient, currentVersion());
    }

    /** ID-number pseudonyms for {@code recipient} at {@code keyVersion} (e.g. to reverse old pseudonyms). */
    public IdDomain idNumbers(String recipient, int keyVersion) {
        return idDomains.computeIfAbsent(recipient + '\u0000' + keyVersion,
                k -> new IdDomain(keys.domainKey(recipient, ID_NUMBER_FIELD, keyVersion), keyVersion));
    }

    /** Re-identification: the real ID number behind {@code pseudonym} for {@code recipient}, at the pseudonym's own key version. */
    public String reidentify(String recipient, Pseudonym pseudonym) {
        return idNumbers(recipient, pseudonym.keyVersion()).reidentify(pseudonym);
    }

    /** Keyed-hash tokens of {@code field} (e.g. "name", "phone") for {@code recipient} at the current key version. */
    public TokenDomain tokens(String recipient, String field) {
        return tokens(recipient, field, currentVersion());
    }

    /** Keyed-hash tokens of {@code field} for {@code recipient} at {@code keyVersion}. */
    public TokenDomain tokens(String recipient, String field, int keyVersion) {
        return tokenDomains.computeIfAbsent(recipient + '\u0000' + field + '\u0000' + keyVersion,
                k -> new TokenDomain(keys.domainKey(recipient, "token:" + field, keyVersion), keyVersion));
    }
}
