package io.yalas.schemas.wire;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How every YALAS client reaches a schema registry: its URL ({@link RegistryUrl}, with any basic-auth
 * credentials) and the registry client settings under the names Confluent's clients give them, without their
 * {@code schema.registry.} prefix:
 * <ul>
 *   <li>TLS, for an https registry whose certificate a private authority signed or that asks for a client
 *   certificate: {@code ssl.truststore.location}, {@code ssl.truststore.password}, {@code ssl.truststore.type},
 *   {@code ssl.keystore.location}, {@code ssl.keystore.password}, {@code ssl.keystore.type},
 *   {@code ssl.key.password}. Stores are PKCS12 or JKS; a trust store may also be {@code PEM}, a file of
 *   certificates such as the authority's {@code ca.crt}, as Kafka's clients take it. Without them the JVM's
 *   default trust applies.</li>
 *   <li>Bearer authentication instead of basic ({@link BearerTokens}): {@code bearer.auth.credentials.source}
 *   {@code STATIC_TOKEN} with {@code bearer.auth.token}, or {@code OAUTHBEARER} with
 *   {@code bearer.auth.issuer.endpoint.url}, {@code bearer.auth.client.id}, {@code bearer.auth.client.secret} and
 *   optionally {@code bearer.auth.scope} and {@code bearer.auth.cache.expiry.buffer.seconds}; with either,
 *   {@code bearer.auth.logical.cluster} and {@code bearer.auth.identity.pool.id} for a registry that serves
 *   several (Confluent Cloud).</li>
 * </ul>
 *
 * <p>It travels with the Flink jobs to their task managers, which read the store files at the same paths and
 * fetch their own tokens, as Flink's own avro-confluent format and Confluent's serializers do.
 *
 * @param url      the registry URL as the clients take it, credentials included: never show it, show {@link #toString}
 * @param settings registry client settings, unprefixed
 */
public record RegistryConnection(String url, SortedMap<String, String> settings) implements Serializable {
    private static final String TRUSTSTORE = "ssl.truststore.";
    private static final String KEYSTORE = "ssl.keystore.";
    private static final String KEY_PASSWORD = "ssl.key.password";
    private static final Set<String> TLS_SETTINGS = Set.of(TRUSTSTORE + "location", TRUSTSTORE + "password", TRUSTSTORE + "type",
            KEYSTORE + "location", KEYSTORE + "password", KEYSTORE + "type", KEY_PASSWORD);
    /** Every setting a registry client takes here, unprefixed: TLS ({@code ssl.*}) and bearer authentication ({@code bearer.auth.*}). */
    public static final Set<String> SETTINGS = union(TLS_SETTINGS, BearerTokens.SETTINGS);

    public RegistryConnection {
        RegistryUrl address = RegistryUrl.parse(url);
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (!SETTINGS.contains(e.getKey())) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a schema registry client setting; accepted are "
                        + String.join(", ", new TreeSet<>(SETTINGS)));
            }
            if (e.getValue().isBlank()) {
                throw new IllegalArgumentException("schema registry setting " + e.getKey() + " is empty");
            }
        }
        SortedMap<String, String> tls = only(settings, TLS_SETTINGS);
        for (String store : new String[]{TRUSTSTORE, KEYSTORE}) {
            if (!tls.containsKey(store + "location") && (tls.containsKey(store + "password") || tls.containsKey(store + "type"))) {
                throw new IllegalArgumentException("schema registry settings name a " + store + "* but no " + store + "location");
            }
        }
        if (isPem(tls, TRUSTSTORE) && tls.containsKey(TRUSTSTORE + "password")) {
            throw new IllegalArgumentException("schema registry trust store of type PEM takes no " + TRUSTSTORE + "password: "
                    + "its certificates are not protected");
        }
        if (isPem(tls, KEYSTORE)) {
            throw new IllegalArgumentException("schema registry key store type PEM is not supported: give the client certificate "
                    + "and key as a PKCS12 store (openssl pkcs12 -export -in client.pem -inkey client.key -out client.p12)");
        }
        if (tls.containsKey(KEY_PASSWORD) && !tls.containsKey(KEYSTORE + "location")) {
            throw new IllegalArgumentException("schema registry setting " + KEY_PASSWORD + " is given but no " + KEYSTORE + "location");
        }
        if (!tls.isEmpty() && !address.base().getScheme().equals("https")) {
            throw new IllegalArgumentException("schema registry TLS settings are given but the registry URL " + address
                    + " is not https");
        }
        SortedMap<String, String> bearer = only(settings, BearerTokens.SETTINGS);
        BearerTokens.validate(bearer);
        if (!bearer.isEmpty() && address.userInfo().isPresent()) {
            throw new IllegalArgumentException("schema registry credentials are given twice: basic (in the URL or basic.auth.user.info) "
                    + "and bearer (bearer.auth.credentials.source); a registry takes one");
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Collections.unmodifiableSet(all);
    }

    private static SortedMap<String, String> only(SortedMap<String, String> settings, Set<String> names) {
        SortedMap<String, String> some = new TreeMap<>(settings);
        some.keySet().retainAll(names);
        return some;
    }

    /** The TLS settings alone. */
    public SortedMap<String, String> tls() {
        return Collections.unmodifiableSortedMap(only(settings, TLS_SETTINGS));
    }

    /**
     * Where a client gets the bearer token it sends: empty for a registry without bearer authentication. Each call
     * gives a source of its own, which fetches and caches its own OAuth tokens.
     */
    public Optional<BearerTokens> bearerTokens() {
        return BearerTokens.of(only(settings, BearerTokens.SETTINGS));
    }

    private static boolean isPem(Map<String, String> tls, String store) {
        return tls.getOrDefault(store + "type", "").equalsIgnoreCase("PEM");
    }

    /** A registry reached with the JVM's default trust, like the embedded one (plain http on loopback). */
    public static RegistryConnection plain(String url) {
        return new RegistryConnection(url, new TreeMap<>());
    }

    /** The address and credentials. */
    public RegistryUrl address() {
        return RegistryUrl.parse(url);
    }

    /**
     * The TLS context for this registry, read from the store files: empty when the JVM's default trust applies.
     *
     * @throws IllegalArgumentException naming the file when a store cannot be read (missing, wrong password, wrong type)
     */
    public Optional<SSLContext> sslContext() {
        SortedMap<String, String> tls = tls();
        if (tls.isEmpty()) {
            return Optional.empty();
        }
        try {
            TrustManager[] trust = null;
            KeyManager[] keys = null;
            Optional<KeyStore> trustStore = store("trust store", TRUSTSTORE);
            if (trustStore.isPresent()) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore.get());
                trust = factory.getTrustManagers();
            }
            Optional<KeyStore> keyStore = store("key store", KEYSTORE);
            if (keyStore.isPresent()) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String password = tls.getOrDefault(KEY_PASSWORD, tls.getOrDefault(KEYSTORE + "password", ""));
                factory.init(keyStore.get(), password.toCharArray());
                keys = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return Optional.of(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private Optional<KeyStore> store(String what, String prefix) throws GeneralSecurityException {
        SortedMap<String, String> tls = tls();
        String location = tls.get(prefix + "location");
        if (location == null) {
            return Optional.empty();
        }
        String setting = "schema.registry." + prefix + "location";
        String password = tls.get(prefix + "password");
        boolean pem = isPem(tls, prefix);
        KeyStore store = KeyStore.getInstance(pem ? KeyStore.getDefaultType() : tls.getOrDefault(prefix + "type", KeyStore.getDefaultType()));
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            if (pem) {
                loadCertificates(store, in);
            } else {
                store.load(in, password == null ? null : password.toCharArray());
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("cannot read schema registry " + what + " " + location + " (" + setting + ")"
                    + (pem ? " as PEM certificates" : "") + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("schema registry " + what + " " + location + " (" + setting + ") does not exist");
        } catch (IOException e) {
            // A wrong password surfaces as an IOException whose cause is an UnrecoverableKeyException.
            throw new IllegalArgumentException("cannot read schema registry " + what + " " + location + " (" + setting + "): "
                    + e.getMessage() + (password == null && !pem ? "; no schema.registry." + prefix + "password is given" : ""), e);
        }
        return Optional.of(store);
    }

    /** A trust store of the certificates in a PEM file, such as the authority's {@code ca.crt}. */
    private static void loadCertificates(KeyStore store, InputStream pem) throws IOException, GeneralSecurityException {
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
            store.setCertificateEntry("certificate-" + n++, certificate);
        }
        if (n == 0) {
            throw new CertificateException("the file holds no certificate");
        }
    }

    /**
     * The options of Flink's avro-confluent SQL format that carry the same settings (its own option names where it
     * has them, the rest as registry client properties).
     */
    public Map<String, String> flinkFormatOptions() {
        Set<String> ownOptions = Set.of(TRUSTSTORE + "location", TRUSTSTORE + "password", KEYSTORE + "location", KEYSTORE + "password",
                BearerTokens.SOURCE, BearerTokens.TOKEN);
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            if (ownOptions.contains(key)) {
                String option = key.startsWith(BearerTokens.PREFIX)
                        ? "bearer-auth." + key.substring(BearerTokens.PREFIX.length()).replace('.', '-') : key;
                options.put("avro-confluent." + option, e.getValue());
            } else {
                options.put("avro-confluent.properties." + (TLS_SETTINGS.contains(key) ? "schema.registry." : "") + key, e.getValue());
            }
        }
        return options;
    }

    /** The address without credentials, which stores are used and how tokens are got: secrets never show. */
    @Override
    public String toString() {
        String stores = (settings.containsKey(TRUSTSTORE + "location") ? " trust store " + settings.get(TRUSTSTORE + "location") : "")
                + (settings.containsKey(KEYSTORE + "location") ? " key store " + settings.get(KEYSTORE + "location") : "");
        return address() + (stores.isEmpty() ? "" : " (TLS:" + stores + ")") + bearerTokens().map(t -> " (" + t + ")").orElse("");
    }
}
