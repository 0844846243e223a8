package io.cryptostream.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A local Spark session with the job's settings for the tests of one class: {@code @RegisterExtension static}. */
final class LocalSpark implements BeforeAllCallback, AfterAllCallback {

    private SparkSession session;

    @Override
    public void beforeAll(ExtensionContext context) {
        session = SparkSessionFactory.create(JobSettings.defaults());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        session.stop();
    }

    SparkSession session() {
        return session;
    }
}
