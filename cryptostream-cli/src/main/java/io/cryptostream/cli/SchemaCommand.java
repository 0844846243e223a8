package io.cryptostream.cli;

import io.cryptostream.store.CassandraSettings;
import io.cryptostream.store.StoreSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Creates the keyspace and tables when missing (the job also does this at start). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        header = "Create the Cassandra keyspace and tables; print their CQL.",
        description = "Create the Cassandra keyspace and tables if they are missing (the Spark job also does it at start), "
                + "and print their CQL.")
final class SchemaCommand implements Runnable {

    @Mixin
    CassandraOptions cassandra;

    @Option(names = "--print-only", description = "Print the CQL without connecting to Cassandra.")
    boolean printOnly;

    @Override
    public void run() {
        CryptostreamConfig config = cassandra.load();
        if (printOnly) {
            String contactPoint = config.optionalString("cassandra.contact-point").orElse("127.0.0.1:" + config.integer("servers.cassandra-port"));
            StoreSchema.ddl(Endpoints.cassandraSettings(config, contactPoint)).forEach(ddl -> System.out.println(ddl + ";\n"));
            return;
        }
        CassandraSettings settings = Endpoints.resolveCassandra(config, System.out);
        StoreSchema.ensure(settings);
        StoreSchema.ddl(settings).forEach(ddl -> System.out.println(ddl + ";\n"));
        System.out.println("Schema is in place in keyspace " + settings.keyspace() + " at " + settings.address() + ".");
    }
}
