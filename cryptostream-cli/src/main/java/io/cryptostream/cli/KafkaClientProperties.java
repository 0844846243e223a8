package io.cryptostream.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka client properties passed through to every Kafka client cryptostream makes (the ingest producer, the admin
 * client that creates topics, Spark's Kafka source): SASL and TLS settings such as {@code security.protocol},
 * {@code sasl.mechanism}, {@code sasl.jaas.config}. They come from {@code cryptostream.kafka.properties-file} (a
 * Java properties file, which may hold the secrets) and then the {@code cryptostream.kafka.properties} block, which
 * wins; a secret in the block comes from the environment through HOCON's {@code ${?VARIABLE}}.
 */
final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    static Map<String, String> of(CryptostreamConfig config) {
        Map<String, String> properties = new LinkedHashMap<>();
        config.optionalString("kafka.properties-file").map(Path::of).ifPresent(file -> {
            Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                fromFile.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the Kafka properties file " + file + " "
                        + "(cryptostream.kafka.properties-file): " + e.getMessage(), e);
            }
            fromFile.stringPropertyNames().forEach(name -> properties.put(name, fromFile.getProperty(name).strip()));
        });
        properties.putAll(config.properties("kafka.properties"));
        return properties;
    }
}
