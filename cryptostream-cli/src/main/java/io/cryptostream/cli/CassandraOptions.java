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
        return configOptions.load(new FlagSettings().with(cassandraUrl, keyspace));
    }
}
