package org.popgate.gateway.console;

import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;

/** Free text typed into a console form (comments, reasons) as it is stored: one line, no control characters. */
public final class FormText {

    private FormText() {}

    /**
     * Line breaks become spaces and the text is trimmed; refuses (validation_failed) text longer than {@code max},
     * with other control characters, or empty when {@code required}.
     */
    public static String oneLine(String typed, int max, boolean required) {
        String text = typed == null ? "" : typed.replaceAll("\\R", " ").strip();
        if (text.length() > max || text.chars().anyMatch(Character::isISOControl) || required && text.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED);
        }
        return text;
    }
}
