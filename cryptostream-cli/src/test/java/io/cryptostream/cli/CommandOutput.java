package io.cryptostream.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs a cryptostream command in this JVM and keeps what it printed. */
record CommandOutput(int exitCode, String out, String err) {

    static synchronized CommandOutput run(String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = CryptostreamCommand.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new CommandOutput(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }
}
