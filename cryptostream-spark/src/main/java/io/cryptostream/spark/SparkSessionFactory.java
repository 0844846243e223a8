package io.cryptostream.spark;

import org.apache.spark.sql.SparkSession;

/** The Spark session the job runs in, with the settings that work on a local offline machine. */
public final class SparkSessionFactory {

    private SparkSessionFactory() {
    }

    public static SparkSession create(JobSettings settings) {
        return SparkSession.builder()
                .appName("cryptostream")
                .master(settings.master())
                .config("spark.ui.enabled", "false")
                // Otherwise Spark binds the machine's public address.
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", Integer.toString(settings.shufflePartitions()))
                // Windows are UTC minutes; printed timestamps should be UTC too.
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.cassandra.connection.host", settings.cassandra().host())
                .config("spark.cassandra.connection.port", Integer.toString(settings.cassandra().port()))
                .config("spark.cassandra.connection.localDC", settings.cassandra().localDatacenter())
                .getOrCreate();
    }
}
