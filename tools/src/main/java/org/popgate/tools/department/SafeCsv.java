package org.popgate.tools.department;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV (RFC 4180) that is safe to open in a spreadsheet: a cell that a spreadsheet would read as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) is prefixed with an apostrophe, as OWASP
 * recommends against CSV injection, and every cell holding a separator, quote or line break is quoted.
 */
final class SafeCsv {

    private final Writer out;

    SafeCsv(Writer out) {
        this.out = out;
    }

    void row(List<String> cells) throws IOException {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(c)));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
