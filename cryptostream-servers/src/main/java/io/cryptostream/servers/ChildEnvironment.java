package io.cryptostream.servers;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment of every process cryptostream starts: the parent's, minus anything that looks like a secret, so
 * that an API key or a password never sits in a long-lived server's {@code /proc/<pid>/environ}. A variable is a
 * secret when one word of its name (split on {@code _}) is one of {@link #SECRET_WORDS}: {@code CRYPTOCOMPARE_API_KEY},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code CASSANDRA_PASSWORD}, {@code GITHUB_TOKEN}, {@code KAFKA_SASL_JAAS_CONFIG}…
 */
public final class ChildEnvironment {

    static final Set<String> SECRET_WORDS = Set.of("KEY", "APIKEY", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE",
            "TOKEN", "CREDENTIALS", "JAAS");
    private static final Pattern WORD_SEPARATOR = Pattern.compile("_+");

    private ChildEnvironment() {
    }

    /** Removes the secret variables from {@code builder}'s environment (inherited from this process); returns it. */
    public static ProcessBuilder withoutSecrets(ProcessBuilder builder) {
        strip(builder.environment());
        return builder;
    }

    static void strip(Map<String, String> environment) {
        environment.keySet().removeIf(ChildEnvironment::isSecret);
    }

    static boolean isSecret(String name) {
        for (String word : WORD_SEPARATOR.split(name.toUpperCase(Locale.ROOT))) {
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
