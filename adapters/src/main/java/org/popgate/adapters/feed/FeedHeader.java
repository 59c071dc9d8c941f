package org.popgate.adapters.feed;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The first line of a CSV feed file, in which the sender declares what follows:
 * {@code #popgate-feed police v1 encoding=GB18030 date=2026-01-02 sender=431128.police}. Further
 * {@code key=value} attributes are format-specific (education: {@code school=} and {@code term=}). The
 * line is ASCII, so it can be read before the encoding is known.
 */
public record FeedHeader(String format, int version, Charset encoding, LocalDate date, String sender,
        Map<String, String> attributes) {

    static final String MAGIC = "#popgate-feed";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern MEMBER = Pattern.compile("[0-9]{6}\\.[a-z]{2,20}");

    public FeedHeader {
        attributes = Map.copyOf(attributes);
    }

    /** An attribute, or {@code null}. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The header line for these values (simulators write it). */
    public String toLine() {
        StringBuilder sb = new StringBuilder(MAGIC).append(' ').append(format).append(" v").append(version)
                .append(" encoding=").append(encoding.name()).append(" date=").append(date).append(" sender=").append(sender);
        attributes.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Parses a header line; a malformed one is {@link FeedRejectCode#BAD_HEADER}, an unknown encoding is its own code. */
    static FeedHeader parse(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length < 6 || !MAGIC.equals(parts[0]) || !TOKEN.matcher(parts[1]).matches()
                || !parts[2].matches("v[1-9][0-9]?")) {
            throw new FeedException(FeedRejectCode.BAD_HEADER, 1);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 3; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq < 1 || values.containsKey(parts[i].substring(0, eq))
                    || !TOKEN.matcher(parts[i].substring(eq + 1)).matches()) {
                throw new FeedException(FeedRejectCode.BAD_HEADER, 1);
            }
            values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        String encodingName = values.remove("encoding");
        String dateText = values.remove("date");
        String sender = values.remove("sender");
        if (encodingName == null || dateText == null || sender == null || !MEMBER.matcher(sender).matches()) {
            throw new FeedException(FeedRejectCode.BAD_HEADER, 1);
        }
        Charset encoding = switch (encodingName.toUpperCase(java.util.Locale.ROOT)) {
            case "UTF-8", "UTF8" -> java.nio.charset.StandardCharsets.UTF_8;
            case "GB18030" -> Charset.forName("GB18030");
            default -> throw new FeedException(FeedRejectCode.UNSUPPORTED_ENCODING, 1);
        };
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new FeedException(FeedRejectCode.BAD_HEADER, 1);
        }
        return new FeedHeader(parts[1], Integer.parseInt(parts[2].substring(1)), encoding, date, sender, values);
    }

    @Override
    public String toString() {
        return toLine();
    }
}
