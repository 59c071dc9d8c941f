package org.popgate.adapters.feed;

import java.io.InputStream;

/** A counterpart's parser as the intake sees it, e.g. {@code policeParser::parse}. */
@FunctionalInterface
public interface FeedParser {

    /** Reads {@code in} to its end, handing records to {@code sink}; throws {@link FeedException} to reject it whole. */
    void parse(InputStream in, ParseSink sink);
}
