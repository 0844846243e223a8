package io.cryptostream.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code --version}: the version the build wrote from the pom, and the JVM it runs on. */
final class BuildVersion implements IVersionProvider {

    static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown (not built by Maven)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the version of cryptostream: " + e.getMessage(), e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"cryptostream " + version(),
                "Java ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})"};
    }
}
