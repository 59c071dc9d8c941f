package org.popgate.audit.checkpoint;

/**
 * An RFC 3161 time-stamping authority: takes a DER TimeStampReq, returns the DER TimeStampResp
 * (what an HTTP client POSTs as {@code application/timestamp-query}).
 */
@FunctionalInterface
public interface TimestampAuthority {
    byte[] respond(byte[] timeStampRequest);
}
