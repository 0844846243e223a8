package io.cryptostream.servers;

/** How long servers launched by {@link LocalServers} live relative to the JVM that launched them. */
public enum ServerLifetime {
    /**
     * Keep running after this JVM exits, in their own session, until {@code cryptostream servers stop}
     * (the CLI's {@code servers start}).
     */
    DETACHED,
    /**
     * Stopped by a shutdown hook when this JVM exits; if this JVM dies without running hooks (SIGKILL, crash),
     * each server notices and shuts itself down.
     */
    UNTIL_JVM_EXIT,
    /** Like {@link #UNTIL_JVM_EXIT}, then the data directories are deleted; logs and generated config stay. */
    DISPOSABLE;

    boolean stopsAtJvmExit() {
        return this != DETACHED;
    }
}
