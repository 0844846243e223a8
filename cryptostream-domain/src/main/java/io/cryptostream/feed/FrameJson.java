package io.cryptostream.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The JSON reader settings every codec parses frames with. */
public final class FrameJson {

    /**
     * A key given twice makes a frame ambiguous (parsers disagree on which copy wins), so it is malformed. Error
     * messages stay short: the frame travels next to them in {@link FeedEvent.Malformed} anyway.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private FrameJson() {
    }
}
