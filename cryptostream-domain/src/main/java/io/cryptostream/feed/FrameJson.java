package io.cryptostream.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The JSON reader settings every codec parses frames with. */
public final class FrameJson {

    /**
     * Field names come interned, which {@link FieldNames} relies on to refuse a key given twice (the readers check
     * that themselves, cheaper than the parser's duplicate detection). Error messages stay short: the frame travels
     * next to them in {@link FeedEvent.Malformed} anyway.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private FrameJson() {
    }
}
