package io.cryptostream.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A local Spark session with the job's settings for the tests of one class: {@code @RegisterExtension static}. */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {

    private final JobSettings settings;
    private SparkSession session;

    /** A session with the job's default settings. */
    LocalSpark() {
        this(JobSettings.defaults());
    }

    /** A session as the job with {@code settings} would create it (e.g. its Cassandra connection). */
    LocalSpark(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        session = SparkSessionFactory.create(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        session.stop();
    }

    SparkSession session() {
        return session;
    }
}
