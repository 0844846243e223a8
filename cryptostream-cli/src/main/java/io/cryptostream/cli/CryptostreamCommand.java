package io.cryptostream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code cryptostream} command line. */
@Command(name = "cryptostream", mixinStandardHelpOptions = true, version = "cryptostream 0.1.0",
        description = {"Live crypto-exchange trades in, exact 1-minute market aggregates out:",
                "exchange WebSocket -> Pekko ingest -> Kafka -> Spark Structured Streaming -> Cassandra.",
                "",
                "Settings come from flags, then a HOCON file (--config, or ./cryptostream.conf), then environment",
                "variables, then defaults; every setting and variable is listed in reference.conf."},
        subcommands = {DemoCommand.class, RunCommand.class, AggregateCommand.class, ServersCommand.class, SchemaCommand.class,
                CqlCommand.class, CandlesCommand.class, RecordCommand.class, ReplayCommand.class, BenchCommand.class, SoakCommand.class, SimulatorCommand.class, CommandLine.HelpCommand.class})
public final class CryptostreamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new CryptostreamCommand())
                .setExecutionExceptionHandler(CryptostreamCommand::explain);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Failures a person can act on print one plain sentence; anything else is a bug and keeps its stack trace.
     */
    private static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Throwable cause = e;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        if (UserFacingErrors.isExplained(cause)) {
            err.println("cryptostream: " + cause.getMessage());
        } else {
            err.println("cryptostream: unexpected failure, please report it with the trace below.");
            cause.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
