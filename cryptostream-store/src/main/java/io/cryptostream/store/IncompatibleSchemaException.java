package io.cryptostream.store;

/** An existing table has a shape cryptostream cannot write safely; the message says what differs and what to do. */
public class IncompatibleSchemaException extends RuntimeException {
    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
