package io.cryptostream.servers;

/** A local server could not be started, or did not become ready; the message says why and what to do. */
public class ServerStartException extends RuntimeException {

    public ServerStartException(String message) {
        super(message);
    }

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
