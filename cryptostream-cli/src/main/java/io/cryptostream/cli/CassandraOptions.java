package io.cryptostream.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Options of the commands that only talk to Cassandra. */
final class CassandraOptions {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--cassandraurl", paramLabel = "HOST[:PORT]", description = "Cassandra contact point (default: the local server).")
    String cassandraUrl;

    @Option(names = "--keyspace", paramLabel = "NAME", description = "Keyspace (default: cryptocompare).")
    String keyspace;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the local servers live (default: ./var).")
    Path workDir;

    CryptostreamConfig load() {
        Map<String, Object> flags = new HashMap<>();
        flags.put("cassandra.contact-point", cassandraUrl);
        flags.put("cassandra.keyspace", keyspace);
        flags.put("work-dir", workDir == null ? null : workDir.toString());
        return configOptions.load(flags);
    }
}
