package io.cryptostream.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The child's end of a {@link JavaProcess}: lines to the parent on stdout, commands from it on stdin. Everything
 * libraries print goes to stderr (the parent's log file) so stdout carries only these lines. The parent closing
 * stdin means it is gone: the child halts at once rather than keep Spark or a socket running.
 */
public final class ParentChannel {

    /** Long enough for Spark's shutdown hooks, which delete its temporary directories. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(20);

    private final PrintStream lines;
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

    private ParentChannel(PrintStream lines) {
        this.lines = lines;
    }

    /** Takes stdout over for the parent's lines and starts reading the parent's commands. */
    public static ParentChannel open() {
        ParentChannel channel = new ParentChannel(new PrintStream(System.out, true, StandardCharsets.UTF_8));
        System.setOut(System.err);
        channel.readCommands();
        return channel;
    }

    public void say(String line) {
        lines.println(line);
    }

    /** The parent's next command line. */
    public String nextCommand() throws InterruptedException {
        return commands.take();
    }

    /** Waits for the parent's next command, which must be {@code expected}. */
    public void awaitCommand(String expected) throws InterruptedException {
        String command = nextCommand();
        if (!command.equals(expected)) {
            throw new IllegalStateException("The child JVM expected the command '" + expected + "', got '" + command
                    + "'");
        }
    }

    private void readCommands() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.add(line.trim());
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
            System.err.println("The parent JVM closed stdin; exiting");
            Runtime.getRuntime().halt(3);
        }, "parent-channel-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Exits running the shutdown hooks, but a hook that hangs, as Spark's occasionally does, must not keep the parent
     * waiting: the result is written already.
     */
    public static void exit() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("Shutdown hooks did not finish within " + EXIT_GRACE.toSeconds() + " s; halting");
            Runtime.getRuntime().halt(0);
        }, "child-jvm-exit-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(0);
    }
}
