package org.popgate.gateway.pulls;

import java.util.List;

/** ID numbers of a request that failed validation: which (by position in the list) and why; never the numbers. */
final class InvalidIdNumbersException extends RuntimeException {

    /** One refused entry: its 0-based position in the list and the GB 11643 defect code. */
    record Invalid(int index, String code, String reason) {}

    private final List<Invalid> invalid;

    InvalidIdNumbersException(List<Invalid> invalid) {
        super("invalid ID numbers in the list", null, false, false);
        this.invalid = List.copyOf(invalid);
    }

    List<Invalid> invalid() {
        return invalid;
    }
}
