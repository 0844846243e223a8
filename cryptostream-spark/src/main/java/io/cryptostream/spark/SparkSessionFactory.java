package io.cryptostream.spark;

import org.apache.spark.sql.SparkSession;

import io.cryptostream.store.CassandraSecurity;
import io.cryptostream.store.CassandraSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Spark session the job runs in, with the settings that work on a local offline machine. */
public final class SparkSessionFactory {

    private SparkSessionFactory() {
    }

    /**
     * The Spark Cassandra connector's settings: where Cassandra is, and how to authenticate and encrypt (Spark
     * redacts {@code spark.cassandra.auth.password} and the truststore password in its UI and logs: their names
     * match its redaction pattern).
     */
    static Map<String, String> cassandraConf(CassandraSettings cassandra) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.cassandra.connection.host", cassandra.host());
        conf.put("spark.cassandra.connection.port", Integer.toString(cassandra.port()));
        conf.put("spark.cassandra.connection.localDC", cassandra.localDatacenter());
        // The driver's default waits up to 60 s between reconnections; a write retried through an outage
        // (CassandraWriteRetry) should find Cassandra within seconds of its return.
        conf.put("spark.cassandra.connection.reconnectionDelayMS.max", "5000");
        CassandraSecurity security = cassandra.security();
        security.username().ifPresent(username -> {
            conf.put("spark.cassandra.auth.username", username);
            conf.put("spark.cassandra.auth.password", security.password().orElseThrow());
        });
        security.truststore().ifPresent(truststore -> {
            conf.put("spark.cassandra.connection.ssl.enabled", "true");
            conf.put("spark.cassandra.connection.ssl.trustStore.path", truststore.toString());
            security.truststorePassword().ifPresent(password ->
                    conf.put("spark.cassandra.connection.ssl.trustStore.password", password));
        });
        return conf;
    }

    public static SparkSession create(JobSettings settings) {
        return create(settings, Map.of());
    }

    /**
     * @param extraConf further Spark properties passed as they are (executor memory, {@code spark.jars} for a
     *                  cluster, ...); they win over the defaults set here
     */
    public static SparkSession create(JobSettings settings, Map<String, String> extraConf) {
        SparkSession.Builder builder = SparkSession.builder().appName("cryptostream");
        // Under spark-submit the master comes from --master (the spark.master system property): keep it.
        String master = System.getProperty("spark.master", settings.master());
        builder.master(master);
        if (master.startsWith("local")) {
            // Otherwise Spark binds the machine's public address; a cluster's executors must reach the driver.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        } else if (master.startsWith("spark://127.0.0.1:")) {
            // A standalone cluster on this machine (cryptostream cluster start): its executors reach the driver on loopback.
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        builder
                .config("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()))
                // Windows are UTC minutes; printed timestamps should be UTC too.
                .config("spark.sql.session.timeZone", "UTC");
        cassandraConf(settings.cassandra()).forEach(builder::config);
        extraConf.forEach(builder::config);
        return builder.getOrCreate();
    }
}
