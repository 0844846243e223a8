package io.cryptostream.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options several commands share, declared once so that their names, aliases and help read the same everywhere. The
 * original CryptoCompare tutorial's spellings stay as aliases of the kebab-case names.
 */
final class SharedOptions {

    private SharedOptions() {
    }

    /** A shared option that gives one setting. */
    interface Setting {
        FlagSettings into(FlagSettings flags);
    }

    static final class KafkaBroker implements Setting {
        @Option(names = {"--kafka-broker", "--kafkabroker"}, paramLabel = "HOST:PORT", description = "Kafka bootstrap "
                + "servers (default: the local broker). --kafkabroker is the original CryptoCompare tutorial's spelling.")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put("kafka.bootstrap-servers", "--kafka-broker", value);
        }
    }

    static final class KafkaTopic implements Setting {
        @Option(names = {"--kafka-topic", "--kafkatopic"}, paramLabel = "TOPIC",
                description = "Trades topic (default: ${bundle:default.kafka.topic}). --kafkatopic is the original CryptoCompare tutorial's spelling.")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put("kafka.topic", "--kafka-topic", value);
        }
    }

    static final class KafkaFormat implements Setting {
        @Option(names = "--kafka-format", paramLabel = "avro|json", description = "The trades topic's record format: "
                + "avro (compact) or json (text); the Spark job reads both (default: ${bundle:default.kafka.format}).")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put(TradePipeline.KAFKA_FORMAT, "--kafka-format", value);
        }
    }

    static final class CassandraUrl implements Setting {
        @Option(names = {"--cassandra-url", "--cassandraurl"}, paramLabel = "HOST[:PORT]", description = "Cassandra "
                + "contact point (default: the local server). --cassandraurl is the original CryptoCompare tutorial's spelling.")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put("cassandra.contact-point", "--cassandra-url", value);
        }
    }

    static final class Keyspace implements Setting {
        @Option(names = "--keyspace", paramLabel = "NAME", description = "Keyspace (default: ${bundle:default.cassandra.keyspace}).")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put("cassandra.keyspace", "--keyspace", value);
        }
    }

    static final class CassandraOutageBudget implements Setting {
        @Option(names = "--cassandra-outage-budget", paramLabel = "DURATION", description = "How long the Spark job waits "
                + "out an unreachable Cassandra, holding its place, before it stops; rerunning then resumes from the "
                + "checkpoint (default: ${bundle:default.cassandra.outage-budget}).")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put("cassandra.outage-budget", "--cassandra-outage-budget", value);
        }
    }

    static final class SparkMaster implements Setting {
        @Option(names = "--spark-master", paramLabel = "URL", description = "Spark master (default: ${bundle:default.spark.master}).")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put("spark.master", "--spark-master", value);
        }
    }

    static final class MaxEventTimeAhead implements Setting {
        @Option(names = "--max-event-time-ahead", paramLabel = "DURATION",
                description = "Reject trades whose event time is further ahead of their receive time (default: ${bundle:default.trade-check.max-event-time-ahead}).")
        String value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put(TradePipeline.MAX_EVENT_TIME_AHEAD, "--max-event-time-ahead", value);
        }
    }

    static final class MetricsPort implements Setting {
        @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve Prometheus metrics at /metrics and "
                + "health at /health/live and /health/ready on this port while the command runs; 0 turns it off "
                + "(default: ${bundle:default.metrics.port}; env CRYPTOSTREAM_METRICS_PORT).")
        Integer value;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.put(MetricsSettings.PORT, "--metrics-port", value);
        }
    }

    /** The options of the Spark job that reads the trades topic into Cassandra, in {@code run} and {@code aggregate}. */
    static final class KafkaJob implements Setting {
        @Mixin
        KafkaBroker kafkaBroker;

        @Mixin
        KafkaTopic kafkaTopic;

        @Mixin
        CassandraUrl cassandraUrl;

        @Mixin
        CassandraOutageBudget cassandraOutageBudget;

        @Mixin
        SparkMaster sparkMaster;

        @Mixin
        MaxEventTimeAhead maxEventTimeAhead;

        @Override
        public FlagSettings into(FlagSettings flags) {
            return flags.with(kafkaBroker, kafkaTopic, cassandraUrl, cassandraOutageBudget, sparkMaster, maxEventTimeAhead);
        }
    }
}
