package org.popgate.crypto.ca;

import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/** Member names in certificates: the subject CN is the member name ({@code <region code>.<department>}). */
public final class Members {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private Members() {}

    /** The subject DN for a member certificate. */
    public static X500Name subject(String member) {
        requireValid(member);
        return new X500Name("CN=" + member + ",O=popgate");
    }

    /** The member a certificate was issued to (its subject CN). */
    public static String memberOf(X509Certificate certificate) {
        return cn(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
    }

    static String cn(X500Name name) {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length != 1) {
            throw new CryptoException(CryptoErrorCode.BAD_CSR, "A member name needs exactly one CN");
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    static void requireValid(String member) {
        if (member == null || !NAME.matcher(member).matches()) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "A member name is letters, digits, '.', '_' or '-'");
        }
    }
}
