package dev.parley.app.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link ParleyConfig} the way Quarkus does (converters, expressions), from given properties and env. */
public final class ConfigFixture {

    private ConfigFixture() {}

    public static ParleyConfig parley(Map<String, String> properties, Map<String, String> env) {
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("user.home", "/home/tester");
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withMapping(ParleyConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 400))
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(ParleyConfig.class);
    }

    public static ParleyConfig parley(Map<String, String> properties) {
        return parley(properties, Map.of());
    }
}
