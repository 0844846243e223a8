package io.cryptostream.servers;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry point of servers launched with a lifetime bound to the launching JVM: runs the server's main class and
 * exits (running the server's own shutdown hooks) when the launching process ends. This covers a launcher killed
 * with SIGKILL or crashing, when its shutdown hook never runs.
 *
 * <p>Only this class file is copied onto the server's classpath, so it must use nothing but the JDK and compile
 * to a single class file (no nested or anonymous classes).
 *
 * <p>Arguments: launcher pid, server main class, server arguments.
 */
public final class ExitWithParentLauncher {

    private ExitWithParentLauncher() {
    }

    /**
     * Copies this one class file under {@code classpathDir}, for a child JVM whose classpath lacks cryptostream's
     * (a Spark driver's, say); returns {@code classpathDir}.
     */
    public static Path installIn(Path classpathDir) throws IOException {
        String classFile = ExitWithParentLauncher.class.getSimpleName() + ".class";
        Path target = classpathDir.resolve(ExitWithParentLauncher.class.getPackageName().replace('.', '/'))
                .resolve(classFile);
        try (InputStream in = ExitWithParentLauncher.class.getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IOException(classFile + " is missing from the cryptostream-servers jar");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return classpathDir;
    }

    public static void main(String[] args) throws Throwable {
        long parentPid = Long.parseLong(args[0]);
        String mainClass = args[1];
        String[] serverArgs = Arrays.copyOfRange(args, 2, args.length);
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            System.err.println("Launching process " + parentPid + " is already gone: not starting " + mainClass);
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("Launching process " + parentPid + " ended: shutting down " + mainClass);
            System.exit(0);
        });
        try {
            Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) serverArgs);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
