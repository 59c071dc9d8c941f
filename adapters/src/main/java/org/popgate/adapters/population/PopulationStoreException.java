package org.popgate.adapters.population;

/** The population database refused or failed an operation. Messages never hold personal data. */
public final class PopulationStoreException extends RuntimeException {

    public PopulationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
