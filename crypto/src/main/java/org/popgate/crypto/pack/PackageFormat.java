package org.popgate.crypto.pack;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** Constants of the package layout shared by writer and reader. */
final class PackageFormat {

    /**
     * Signed attribute carrying the manifest as a UTF8String of JSON. The OID is a UUID OID
     * (ITU-T X.667, arc 2.25) so it needs no registration and cannot collide.
     */
    static final ASN1ObjectIdentifier MANIFEST_ATTRIBUTE =
            new ASN1ObjectIdentifier("2.25.192548887788840525958614561447975842178");

    /** BER chunk size of both stream generators, and the write buffer: large enough to amortise per-call costs. */
    static final int CHUNK = 64 * 1024;

    private PackageFormat() {}
}
