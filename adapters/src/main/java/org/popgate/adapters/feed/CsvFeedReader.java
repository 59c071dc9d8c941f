package org.popgate.adapters.feed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a CSV feed file: the header line declaring format, encoding, date and sender; a column header
 * line; data rows; and the trailer {@code #end records=N}, whose absence is how a truncated file is told
 * from a complete one. Every line is decoded strictly under the declared encoding (malformed or
 * unmappable bytes are errors, never replaced), and no line longer than the limit is ever buffered.
 */
public final class CsvFeedReader {

    /** Receives one data row at a time. */
    @FunctionalInterface
    public interface RowHandler {
        /**
         * @param header the file's header line
         * @param line the 1-based line number in the file
         * @param fields the row split into fields, or {@code null} when its quoting is broken
         * @param original the decoded line
         */
        void row(FeedHeader header, long line, String[] fields, String original);
    }

    static final String TRAILER = "#end records=";
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String format;
    private final List<String> columns;
    private final FeedLimits limits;

    public CsvFeedReader(String format, List<String> columns, FeedLimits limits) {
        this.format = format;
        this.columns = List.copyOf(columns);
        this.limits = limits;
    }

    /** The column header line this reader expects. */
    public String columnLine() {
        return String.join(",", columns);
    }

    /**
     * Reads the whole file, handing every data row to {@code handler} as it is read.
     *
     * @throws FeedException when the file as a whole is unacceptable (the handler may have seen rows by
     *     then: callers apply nothing before this method returns)
     */
    public FeedHeader read(InputStream in, RowHandler handler) {
        LineSource source = new LineSource(in, limits.maxLineBytes());
        byte[] first = source.next();
        if (first == null) {
            throw new FeedException(FeedRejectCode.EMPTY, 1);
        }
        boolean bom = startsWith(first, UTF8_BOM);
        String headerText = ascii(bom ? Arrays.copyOfRange(first, 3, first.length) : first, 1);
        FeedHeader header = FeedHeader.parse(headerText);
        if (!format.equals(header.format()) || header.version() != 1 || !header.sender().endsWith("." + format)) {
            throw new FeedException(FeedRejectCode.WRONG_COUNTERPART, 1);
        }
        if (bom && !StandardCharsets.UTF_8.equals(header.encoding())) {
            throw new FeedException(FeedRejectCode.BAD_ENCODING, 1);
        }
        CharsetDecoder decoder = header.encoding().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] columnBytes = source.next();
        if (columnBytes == null) {
            throw new FeedException(FeedRejectCode.TRUNCATED, 2);
        }
        if (!columnLine().equals(decode(decoder, columnBytes, 2).strip())) {
            throw new FeedException(FeedRejectCode.WRONG_COLUMN_HEADER, 2);
        }
        long records = 0;
        long lineNo = 2;
        byte[] bytes;
        while ((bytes = source.next()) != null) {
            lineNo++;
            String line = decode(decoder, bytes, lineNo);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                expectTrailer(line, records, lineNo, source);
                return header;
            }
            if (++records > limits.maxRecords()) {
                throw new FeedException(FeedRejectCode.TOO_LARGE, lineNo);
            }
            handler.row(header, lineNo, split(line, columns.size()), line);
        }
        throw new FeedException(FeedRejectCode.TRUNCATED, lineNo + 1);
    }

    private static void expectTrailer(String line, long records, long lineNo, LineSource source) {
        if (!line.startsWith(TRAILER)) {
            throw new FeedException(FeedRejectCode.BAD_HEADER, lineNo);
        }
        long declared;
        try {
            declared = Long.parseLong(line.substring(TRAILER.length()).strip());
        } catch (NumberFormatException e) {
            throw new FeedException(FeedRejectCode.COUNT_MISMATCH, lineNo);
        }
        byte[] rest;
        while ((rest = source.next()) != null) {
            if (!isBlank(rest)) {
                throw new FeedException(FeedRejectCode.COUNT_MISMATCH, lineNo + 1);
            }
        }
        if (declared != records) {
            // fewer records than declared: lines were lost between sender and gateway
            throw new FeedException(declared > records ? FeedRejectCode.TRUNCATED : FeedRejectCode.COUNT_MISMATCH, lineNo);
        }
    }

    /**
     * Splits one line into its fields, honouring RFC 4180 quotes within the line ({@code expected} only
     * sizes the result); {@code null} when a quote is left open or stray.
     */
    static String[] split(String line, int expected) {
        if (line.indexOf('"') < 0) {
            return splitPlain(line, expected);
        }
        List<String> out = new ArrayList<>(expected);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == '"') {
                return null;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        out.add(field.toString());
        return out.toArray(String[]::new);
    }

    private static String[] splitPlain(String line, int expected) {
        String[] out = new String[Math.max(expected, 1)];
        int n = 0;
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ',') {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = line.substring(start, i);
                start = i + 1;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static String decode(CharsetDecoder decoder, byte[] bytes, long lineNo) {
        for (byte b : bytes) {
            // No byte below 0x20 occurs inside a multi-byte character in GB18030 or UTF-8, so a control
            // byte means binary data, whatever the encoding.
            if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7F) {
                throw new FeedException(FeedRejectCode.BINARY_CONTENT, lineNo);
            }
        }
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new FeedException(FeedRejectCode.BAD_ENCODING, lineNo);
        }
    }

    private static String ascii(byte[] bytes, long lineNo) {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7F) {
                throw new FeedException(b < 0 ? FeedRejectCode.BAD_HEADER : FeedRejectCode.BINARY_CONTENT, lineNo);
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Splits the byte stream at LF (CR before it dropped), refusing lines over the limit without buffering them. */
    private static final class LineSource {
        private final InputStream in;
        private final int maxLine;
        private final byte[] buffer = new byte[65_536];
        private int pos;
        private int end;
        private boolean eof;
        private long lineNo;
        private byte[] line;

        LineSource(InputStream in, int maxLine) {
            this.in = in;
            this.maxLine = maxLine;
            this.line = new byte[256];
        }

        /** The next line's bytes, or {@code null} at the end of the input. */
        byte[] next() {
            int len = 0;
            boolean any = false;
            lineNo++;
            while (true) {
                if (pos == end) {
                    if (!fill()) {
                        if (!any) {
                            return null;
                        }
                        return trimCr(len);
                    }
                }
                any = true;
                int start = pos;
                while (pos < end && buffer[pos] != '\n') {
                    pos++;
                }
                int chunk = pos - start;
                if (len + chunk > maxLine + 1) {
                    throw new FeedException(FeedRejectCode.LINE_TOO_LONG, lineNo);
                }
                if (len + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, len + chunk));
                }
                System.arraycopy(buffer, start, line, len, chunk);
                len += chunk;
                if (pos < end) {
                    pos++; // the LF
                    return trimCr(len);
                }
            }
        }

        private byte[] trimCr(int len) {
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (len > maxLine) {
                throw new FeedException(FeedRejectCode.LINE_TOO_LONG, lineNo);
            }
            return Arrays.copyOf(line, len);
        }

        private boolean fill() {
            if (eof) {
                return false;
            }
            try {
                int n;
                do {
                    n = in.read(buffer);
                } while (n == 0);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                pos = 0;
                end = n;
                return true;
            } catch (IOException e) {
                throw new FeedException(FeedRejectCode.UNREADABLE, lineNo);
            }
        }
    }
}
