package io.yalas.schemas;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How every YALAS client reaches a Kafka cluster: the bootstrap servers and, for a secured cluster, the
 * connection settings (SASL, TLS), read from a properties file by {@link ClientSettings}. Each client adds its
 * own settings (serializers, acks, isolation) on top.
 *
 * <p>Only connection settings are accepted: {@code security.protocol}, {@code security.providers},
 * {@code client.dns.lookup} and the {@code sasl.*} and {@code ssl.*} client settings. Anything else would
 * silently fight the settings each client needs, and a misspelt key would otherwise only show up as a
 * connection that never authenticates.
 *
 * @param settings connection settings, validated against the Kafka client's own definitions
 */
public record KafkaConnection(String bootstrapServers, SortedMap<String, String> settings) {

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers given");
        }
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
        validate(settings);
    }

    /** A cluster reached in plain text without authentication, like the embedded broker on loopback. */
    public static KafkaConnection plain(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, new TreeMap<>());
    }

    static void validate(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!isConnectionSetting(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a Kafka connection setting; accepted are security.protocol, "
                        + "security.providers, client.dns.lookup and the sasl.* and ssl.* client settings");
            }
        }
        try {
            AdminClientConfig.configDef().parse(settings);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("invalid Kafka client setting: " + e.getMessage(), e);
        }
    }

    static boolean isConnectionSetting(String key) {
        if (!AdminClientConfig.configNames().contains(key)) {
            return false;
        }
        return key.startsWith("sasl.") || key.startsWith("ssl.") || key.equals(AdminClientConfig.SECURITY_PROTOCOL_CONFIG)
                || key.equals(AdminClientConfig.SECURITY_PROVIDERS_CONFIG) || key.equals(AdminClientConfig.CLIENT_DNS_LOOKUP_CONFIG);
    }

    /** A fresh, modifiable client configuration: bootstrap servers and connection settings, for the caller to add to. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** {@link #clientConfig()} as {@link Properties}, the form producers, consumers and Flink's builders take. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientConfig());
        return p;
    }

    /** Passwords (the SASL JAAS line, key store passwords) never reach logs or error messages. */
    @Override
    public String toString() {
        if (settings.isEmpty()) {
            return bootstrapServers;
        }
        return bootstrapServers + " " + settings.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? "[hidden]" : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static boolean isSecret(String key) {
        ConfigDef.ConfigKey definition = AdminClientConfig.configDef().configKeys().get(key);
        return definition == null || definition.type == ConfigDef.Type.PASSWORD;
    }
}
