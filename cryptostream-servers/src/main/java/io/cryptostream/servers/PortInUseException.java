package io.cryptostream.servers;

/** A port a server needs is already held by some other process. */
public final class PortInUseException extends ServerStartException {

    private final ServerPort port;
    private final int number;

    public PortInUseException(ServerPort port, int number) {
        super("Port " + number + " (" + port.description() + ") is already in use by another process: stop it, "
                + "or choose other ports with " + port.option() + " / " + port.environmentVariable());
        this.port = port;
        this.number = number;
    }

    public ServerPort port() {
        return port;
    }

    public int number() {
        return number;
    }
}
