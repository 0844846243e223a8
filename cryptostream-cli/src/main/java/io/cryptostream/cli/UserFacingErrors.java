package io.cryptostream.cli;

import io.cryptostream.ingest.IngestException;
import io.cryptostream.servers.PortInUseException;
import io.cryptostream.servers.ServerStartException;
import io.cryptostream.spark.CheckpointMismatchException;
import io.cryptostream.store.CassandraUnavailableException;
import io.cryptostream.store.IncompatibleSchemaException;

import java.io.UncheckedIOException;
import java.util.List;

/** Exceptions whose message already tells a person what happened and what to do. */
final class UserFacingErrors {

    private static final List<Class<? extends Throwable>> EXPLAINED = List.of(
            IllegalArgumentException.class, IllegalStateException.class, UncheckedIOException.class, IngestException.class,
            CassandraUnavailableException.class, IncompatibleSchemaException.class, CheckpointMismatchException.class,
            PortInUseException.class, ServerStartException.class, KafkaUnreachableException.class);

    private UserFacingErrors() {
    }

    static boolean isExplained(Throwable error) {
        return EXPLAINED.stream().anyMatch(type -> type.isInstance(error));
    }
}
