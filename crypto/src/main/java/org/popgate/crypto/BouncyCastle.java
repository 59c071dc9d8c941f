package org.popgate.crypto;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The one Bouncy Castle provider instance, registered with the JCA once. */
public final class BouncyCastle {

    private static final Provider PROVIDER = register();

    private BouncyCastle() {}

    /** Returns the registered provider (registers it on first use). */
    public static Provider provider() {
        return PROVIDER;
    }

    private static Provider register() {
        Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (existing != null) {
            return existing;
        }
        Provider provider = new BouncyCastleProvider();
        Security.addProvider(provider);
        return provider;
    }
}
