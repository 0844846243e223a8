package io.cryptostream.servers;

/** How waiting for a server to answer ended. */
sealed interface Readiness {

    /** The server answered a real request. */
    record Ready() implements Readiness {
    }

    /** The process ended first; {@code detail} says how. */
    record Exited(String detail) implements Readiness {
    }

    /** The deadline passed with the process still running; {@code detail} says why. */
    record TimedOut(String detail) implements Readiness {
    }
}
