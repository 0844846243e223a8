package io.cryptostream.feed;

import java.io.IOException;
import java.util.Arrays;

/**
 * The names of one JSON object's fields so far, refusing a name given twice: such a frame is ambiguous (parsers
 * disagree on which copy wins), so it is malformed. Cheaper than the parser's own check, which builds a hash set
 * per object: the parser hands out field names interned ({@link FrameJson#FACTORY}), so equal names are the same
 * String and a short scan by identity finds a repeat.
 */
public final class FieldNames {

    private String[] names = new String[16];
    private int size;

    /** Adds {@code name}; throws when the object already has a field of that name. */
    public void add(String name) throws IOException {
        for (int i = 0; i < size; i++) {
            if (names[i] == name) {
                throw new IOException("duplicate field '" + name + "'");
            }
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
        }
        names[size++] = name;
    }

    /** Forgets every name, for the next object. */
    public void clear() {
        size = 0;
    }
}
