package io.cryptostream.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueType;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * reference.conf's defaults as the help's resource bundle, so an option's help writes {@code ${bundle:default.KEY}}
 * instead of a second copy of the default. Read without the environment: the help states the default, not what a
 * variable set in this shell makes of it.
 */
final class SettingDefaults extends ResourceBundle {

    static final String PREFIX = "default.";

    private final Map<String, String> values = new TreeMap<>();

    SettingDefaults() {
        Config reference = ConfigFactory.parseResourcesAnySyntax("reference.conf").withOnlyPath("cryptostream")
                .resolve(ConfigResolveOptions.noSystem()).getConfig("cryptostream");
        reference.entrySet().forEach(entry -> {
            if (entry.getValue().valueType() != ConfigValueType.LIST) {
                values.put(PREFIX + entry.getKey(), String.valueOf(entry.getValue().unwrapped()));
            }
        });
    }

    @Override
    protected Object handleGetObject(String key) {
        return values.get(key);
    }

    @Override
    public Enumeration<String> getKeys() {
        return Collections.enumeration(values.keySet());
    }
}
