package io.cryptostream.cli;

import picocli.CommandLine.Mixin;

/** Options of the commands that only talk to Cassandra. */
final class CassandraOptions {

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    SharedOptions.CassandraUrl cassandraUrl;

    @Mixin
    SharedOptions.Keyspace keyspace;

    CryptostreamConfig load() {
        return load(new FlagSettings());
    }

    /** With the command's own {@code flags} too. */
    CryptostreamConfig load(FlagSettings flags) {
        return configOptions.load(flags.with(cassandraUrl, keyspace));
    }
}
