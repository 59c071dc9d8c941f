package org.popgate.crypto.idnumber;

/** The outcome of checking one ID number: valid, or the first defect found. */
public sealed interface IdCheck {

    /** A valid number, normalised to its 18-character form. */
    record Valid(IdNumber id) implements IdCheck {}

    /** An invalid number and why. */
    record Invalid(IdDefect defect) implements IdCheck {}

    default boolean isValid() {
        return this instanceof Valid;
    }
}
