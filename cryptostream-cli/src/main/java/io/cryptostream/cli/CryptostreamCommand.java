package io.cryptostream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ServiceLoader;

/** The {@code cryptostream} command line. */
@Command(name = "cryptostream", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        header = "Live crypto-exchange trades in, exact 1-minute market aggregates out.",
        description = {"exchange WebSocket -> Pekko ingest -> Kafka -> Spark Structured Streaming -> Cassandra.",
                "",
                "Settings come from flags, then a HOCON file (--config, or ./cryptostream.conf), then environment "
                        + "variables, then defaults; every setting and variable is listed in reference.conf. "
                        + "Exit codes: 0 done, 1 an error explained in one line, 2 bad usage (the message names the flag)."},
        subcommands = {DemoCommand.class, RunCommand.class, AggregateCommand.class, ServersCommand.class,
                ClusterCommand.class, SchemaCommand.class, CqlCommand.class, CandlesCommand.class, VerifyCommand.class, DashboardCommand.class,
                RecordCommand.class, ReplayCommand.class, SoakCommand.class, SimulatorCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class CryptostreamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The built-in subcommands and those other modules offer at run time ({@code bench}), before the handler. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CryptostreamCommand());
        ServiceLoader.load(CommandLine.class).forEach(commandLine::addSubcommand);
        // Set after every subcommand is added: picocli passes these settings to the subcommands present.
        return commandLine.setCaseInsensitiveEnumValuesAllowed(true)
                .setResourceBundle(new SettingDefaults())
                .setHelpFactory(PrimaryNameHelp::new)
                .setParameterExceptionHandler(CryptostreamCommand::badUsage)
                .setExecutionExceptionHandler(CryptostreamCommand::explain);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Bad usage: what is wrong, the likely meant option if there is one, and where the help is; no usage dump. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        return seeHelp(commandLine);
    }

    private static int seeHelp(CommandLine commandLine) {
        commandLine.getErr().println("See ./" + commandLine.getCommandSpec().qualifiedName(" ") + " --help");
        commandLine.getErr().flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Failures a person can act on print one plain sentence; anything else is a bug and keeps its stack trace. A
     * failure while the JVM shuts down (SIGTERM, Ctrl-C) is the stop itself: the streaming queries stopped at a
     * clean point before Spark did, so it says only that, and the JVM ends with the signal's status (143 for
     * SIGTERM, 130 for Ctrl-C), the shell's convention for a process ended by a signal.
     */
    private static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (shuttingDown()) {
            err.println("cryptostream: stopped by a signal; rerun the same command to resume from its checkpoint.");
            err.flush();
            return 1;
        }
        Throwable cause = e;
        while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        if (cause instanceof BadSettingException) {
            err.println(cause.getMessage());
            return seeHelp(commandLine);
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

    /** The JVM refuses new shutdown hooks once it has begun to shut down. */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
