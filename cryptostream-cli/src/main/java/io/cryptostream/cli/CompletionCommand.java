package io.cryptostream.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the completion script picocli generates from the commands themselves, so it never falls behind them. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        header = "Print a shell completion script for bash or zsh.",
        description = {"Load it into the current shell, in the project directory, with:",
                "  source <(./cryptostream completion bash)",
                "To keep it, add that line with the launcher's full path to ~/.bashrc (zsh: ~/.zshrc). It completes "
                        + "commands, options and venue names, for cryptostream on the PATH and for ./cryptostream."})
final class CompletionCommand implements Runnable {

    /** The script picocli writes serves both: zsh loads it through its bash compatibility. */
    enum Shell { bash, zsh }

    private static final String NAME = "cryptostream";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
    Shell shell;

    @Override
    public void run() {
        String script = AutoComplete.bash(NAME, spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        // The script registers the bare name; the launcher is mostly run by its path.
        spec.commandLine().getOut().println("complete -F _complete_" + NAME + " -o default ./" + NAME);
        spec.commandLine().getOut().flush();
    }
}
