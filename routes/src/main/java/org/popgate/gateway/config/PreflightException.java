package org.popgate.gateway.config;

/** Start-up refused because of bad configuration; the message is one sentence naming the problem. */
public final class PreflightException extends RuntimeException {

    private final String action;

    public PreflightException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the operator should do about it. */
    public String action() {
        return action;
    }
}
