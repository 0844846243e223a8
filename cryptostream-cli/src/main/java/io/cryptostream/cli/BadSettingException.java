package io.cryptostream.cli;

/** A setting or flag value a person must correct: bad usage, exit code 2. Its message names the flag or the key. */
public final class BadSettingException extends IllegalArgumentException {

    public BadSettingException(String message) {
        super(message);
    }

    public BadSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
