package io.yalas.schemas;

import io.yalas.schemas.wire.BearerTokens;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.RegistryUrl;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A client properties file ({@code --kafka-config}) as Confluent Cloud and Kafka's own tools write them: the
 * cluster's {@code bootstrap.servers} and connection settings, and the schema registry's
 * {@code schema.registry.url}, basic-auth credentials ({@code basic.auth.credentials.source=USER_INFO},
 * {@code basic.auth.user.info=KEY:SECRET}, also with the {@code schema.registry.} prefix) or bearer authentication
 * ({@code bearer.auth.credentials.source} and the rest of {@link io.yalas.schemas.wire.BearerTokens#SETTINGS}, also with
 * the prefix), and TLS stores ({@code schema.registry.ssl.truststore.location} and the other {@code ssl.*} settings of
 * {@link RegistryConnection#SETTINGS}, only with the prefix: without it they are Kafka's). The secrets stay in the
 * file instead of on command lines, where every local user can read them.
 *
 * <p>Settings that tune a producer, consumer or admin client ({@code acks}, {@code session.timeout.ms}) are
 * not applied, because each YALAS client sets its own; they are listed in {@link #ignored()} so the user is
 * told. A key that no Kafka or registry client knows is an error: it is most likely a misspelt security setting.
 *
 * @param bootstrapServers from {@code bootstrap.servers}; a command-line flag takes precedence
 * @param connection       the Kafka connection settings, as {@link KafkaConnection} accepts them
 * @param registryUrl      from {@code schema.registry.url}; a command-line flag takes precedence
 * @param registryUserInfo {@code user:password} for the registry's basic authentication
 * @param registrySettings the registry's TLS and bearer settings, without the {@code schema.registry.} prefix
 * @param ignored          client tuning keys that were left out
 */
public record ClientSettings(Path file, Optional<String> bootstrapServers, SortedMap<String, String> connection,
                             Optional<String> registryUrl, Optional<String> registryUserInfo, SortedMap<String, String> registrySettings,
                             SortedSet<String> ignored) {
    private static final String REGISTRY_PREFIX = "schema.registry.";
    private static final String REGISTRY_URL = "schema.registry.url";
    private static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    private static final String USER_INFO = "basic.auth.user.info";

    public ClientSettings {
        Objects.requireNonNull(file);
        connection = Collections.unmodifiableSortedMap(new TreeMap<>(connection));
        KafkaConnection.validate(connection);
        registrySettings = Collections.unmodifiableSortedMap(new TreeMap<>(registrySettings));
        ignored = Collections.unmodifiableSortedSet(new TreeSet<>(ignored));
    }

    /** Reads and checks the file; every problem is an {@link IllegalArgumentException} that names the file. */
    public static ClientSettings read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("client settings file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read client settings file " + file + ": " + e.getMessage(), e);
        }
        SortedMap<String, String> all = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> all.put(k.trim(), p.getProperty(k).trim()));
        try {
            return of(file, all);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static ClientSettings of(Path file, SortedMap<String, String> all) {
        SortedMap<String, String> connection = new TreeMap<>();
        SortedMap<String, String> registrySettings = new TreeMap<>();
        SortedSet<String> ignored = new TreeSet<>();
        Optional<String> servers = Optional.empty();
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (key.equals(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                servers = Optional.of(e.getValue()).filter(v -> !v.isBlank());
            } else if (key.equals(REGISTRY_PREFIX + "ssl.endpoint.identification.algorithm")) {
                // The registry client always checks the host name against the certificate, as "https" asks.
                if (!e.getValue().equalsIgnoreCase("https")) {
                    throw new IllegalArgumentException(key + " can only be https: the registry's host name is always checked");
                }
            } else if (key.startsWith(BearerTokens.PREFIX) || key.startsWith(REGISTRY_PREFIX + BearerTokens.PREFIX)) {
                String setting = key.startsWith(REGISTRY_PREFIX) ? key.substring(REGISTRY_PREFIX.length()) : key;
                if (!BearerTokens.SETTINGS.contains(setting)) {
                    throw new IllegalArgumentException("'" + key + "' is not a schema registry bearer setting; accepted are "
                            + String.join(", ", new TreeSet<>(BearerTokens.SETTINGS)));
                }
                registrySettings.put(setting, registrySetting(all, setting).orElseThrow());
            } else if (key.startsWith(REGISTRY_PREFIX) && RegistryConnection.SETTINGS.contains(key.substring(REGISTRY_PREFIX.length()))) {
                registrySettings.put(key.substring(REGISTRY_PREFIX.length()), e.getValue());
            } else if (KafkaConnection.isConnectionSetting(key)) {
                connection.put(key, e.getValue());
            } else if (isClientTuning(key)) {
                ignored.add(key);
            } else if (!isRegistrySetting(key)) {
                throw new IllegalArgumentException("'" + key + "' is not a Kafka or schema registry client setting");
            }
        }
        Optional<String> url = Optional.ofNullable(all.get(REGISTRY_URL));
        url.ifPresent(RegistryUrl::parse);
        Optional<String> source = registrySetting(all, CREDENTIALS_SOURCE);
        Optional<String> userInfo = registrySetting(all, USER_INFO);
        if (source.isPresent() && !source.get().equals("USER_INFO") && !source.get().equals("URL")) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE + " must be USER_INFO or URL, got '" + source.get() + "'");
        }
        if (source.filter("URL"::equals).isPresent() && userInfo.isPresent()) {
            throw new IllegalArgumentException(USER_INFO + " is given but " + CREDENTIALS_SOURCE + "=URL says the credentials are in the URL");
        }
        if (source.filter("USER_INFO"::equals).isPresent() && userInfo.isEmpty()) {
            throw new IllegalArgumentException(CREDENTIALS_SOURCE + "=USER_INFO needs " + USER_INFO + "=KEY:SECRET");
        }
        if (userInfo.isPresent() && userInfo.get().indexOf(':') <= 0) {
            throw new IllegalArgumentException(USER_INFO + " must be KEY:SECRET");
        }
        return new ClientSettings(file, servers, connection, url, userInfo, registrySettings, ignored);
    }

    /** The same registry setting may come with or without the prefix; given both ways it must agree. */
    private static Optional<String> registrySetting(Map<String, String> all, String key) {
        String plain = all.get(key);
        String prefixed = all.get(REGISTRY_PREFIX + key);
        if (plain != null && prefixed != null && !plain.equals(prefixed)) {
            throw new IllegalArgumentException(key + " and " + REGISTRY_PREFIX + key + " disagree");
        }
        return Optional.ofNullable(plain != null ? plain : prefixed);
    }

    private static boolean isRegistrySetting(String key) {
        return key.equals(REGISTRY_URL) || Stream.of(CREDENTIALS_SOURCE, USER_INFO).anyMatch(k -> key.equals(k) || key.equals(REGISTRY_PREFIX + k));
    }

    private static boolean isClientTuning(String key) {
        return ProducerConfig.configNames().contains(key) || ConsumerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key);
    }

    /**
     * The cluster the flag and the optional file describe: empty when neither names one, plain without a file.
     *
     * @throws IllegalArgumentException when a file is given but neither it nor the flag names servers
     */
    public static Optional<KafkaConnection> kafka(Optional<String> serversFlag, Optional<ClientSettings> file) {
        return file.isPresent() ? Optional.of(file.get().kafka(serversFlag)) : serversFlag.map(KafkaConnection::plain);
    }

    /**
     * The registry the flag and the optional file describe, with the file's credentials, bearer settings and TLS stores; empty when
     * neither names a registry.
     *
     * @throws IllegalArgumentException for a malformed URL, conflicting credentials or an unreadable store
     */
    public static Optional<RegistryConnection> registry(Optional<String> urlFlag, Optional<ClientSettings> file) {
        return file.isPresent() ? file.get().registry(urlFlag) : urlFlag.map(RegistryConnection::plain);
    }

    /**
     * The cluster: servers from the flag, else from the file, with the file's connection settings. The OAuth token
     * endpoints the file names are allowed for this JVM's Kafka clients ({@link OAuthBearerAllowList}).
     *
     * @throws IllegalArgumentException when neither gives servers
     */
    public KafkaConnection kafka(Optional<String> serversFlag) {
        String servers = serversFlag.or(this::bootstrapServers).orElseThrow(() -> new IllegalArgumentException(
                file + " has no bootstrap.servers and no --bootstrap-servers is given"));
        KafkaConnection kafka = new KafkaConnection(servers, connection);
        OAuthBearerAllowList.allowNamedIn(kafka.settings());
        return kafka;
    }

    /**
     * The registry the clients use: the URL from the flag, else from the file, carrying the file's credentials,
     * bearer settings and TLS stores, which are read here so that a bad store shows before anything starts. Empty when neither
     * names a registry.
     */
    public Optional<RegistryConnection> registry(Optional<String> urlFlag) {
        Optional<String> url = urlFlag.or(this::registryUrl);
        if (url.isEmpty()) {
            if (registryUserInfo.isPresent() || !registrySettings.isEmpty()) {
                throw new IllegalArgumentException(file + " has schema registry " + (registryUserInfo.isPresent() ? USER_INFO
                        : String.join(", ", registrySettings.keySet()))
                        + " but names no schema registry: add " + REGISTRY_URL + " or give --schema-registry");
            }
            return Optional.empty();
        }
        RegistryUrl parsed = RegistryUrl.parse(url.get());
        if (parsed.userInfo().isPresent() && registryUserInfo.isPresent() && !parsed.userInfo().equals(registryUserInfo)) {
            throw new IllegalArgumentException("schema registry credentials are given twice, differently: in the URL and as "
                    + USER_INFO + " in " + file);
        }
        String withCredentials = registryUserInfo.isEmpty() ? url.get() : new RegistryUrl(parsed.base(), registryUserInfo).withCredentials();
        RegistryConnection connection;
        try {
            connection = new RegistryConnection(withCredentials, registrySettings);
            connection.sslContext();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return Optional.of(connection);
    }

    /** The file, not its contents: they hold passwords. */
    @Override
    public String toString() {
        return "client settings from " + file;
    }
}
