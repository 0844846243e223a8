package io.cryptostream.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExitWithParentLauncherIT {

    /** Stands in for a server's main class: runs until something ends the JVM. */
    public static final class BlockingMain {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private Process parent;
    private Process child;

    @AfterEach
    void killLeftovers() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (parent != null) {
            parent.destroyForcibly();
        }
    }

    @Test
    void theLaunchedMainEndsWhenTheLaunchingProcessDiesWithoutShutdownHooks() throws Exception {
        parent = new ProcessBuilder("sleep", "60").start();
        String classpath = classesDir(ExitWithParentLauncher.class) + java.io.File.pathSeparator
                + classesDir(BlockingMain.class);
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, ExitWithParentLauncher.class.getName(), Long.toString(parent.pid()),
                BlockingMain.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(1, TimeUnit.SECONDS)).as("child still running while the parent lives").isFalse();

        parent.destroyForcibly();

        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child ended after its parent").isTrue();
        assertThat(new String(child.getInputStream().readAllBytes())).contains("ended: shutting down");
    }

    private static Path classesDir(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
