package io.cryptostream.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the commands that only talk to Cassandra. */
final class CassandraOptions {

    @Mixin
    ConfigOptions configOptions;

    @Option(names = {"--cassandra-url", "--cassandraurl"}, paramLabel = "HOST[:PORT]",
            description = "Cassandra contact point (default: the local server). --cassandraurl is the original CryptoCompare tutorial's spelling.")
    String cassandraUrl;

    @Option(names = "--keyspace", paramLabel = "NAME", description = "Keyspace (default: cryptocompare).")
    String keyspace;

    CryptostreamConfig load() {
        return configOptions.load(new FlagSettings()
                .put("cassandra.contact-point", "--cassandra-url", cassandraUrl)
                .put("cassandra.keyspace", "--keyspace", keyspace));
    }
}
