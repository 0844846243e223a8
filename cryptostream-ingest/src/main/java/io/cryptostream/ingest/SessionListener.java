package io.cryptostream.ingest;

/** How a {@link FeedSession} reports to the loop that owns the reconnects and accepts stop requests from it. */
interface SessionListener {

    /** The session can be asked to stop through {@code stop}, from any thread; it may be called at once. */
    void sessionStarted(Runnable stop);

    /** The session is over, before its stage completes; never called for a session that failed the run. */
    void sessionEnded(SessionEnd end);
}
