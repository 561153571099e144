package io.yalas.schemas.wire;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A schema registry's address and, for a registry behind HTTP basic authentication (Confluent Cloud, a
 * secured Confluent Platform), its credentials, given as Confluent's clients take them from the URL
 * ({@code basic.auth.credentials.source=URL}): {@code https://KEY:SECRET@host}, user and password
 * percent-encoded when they hold ':' or '@'.
 *
 * @param base     the address without credentials: safe to show
 * @param userInfo {@code user:password}, decoded
 */
public record RegistryUrl(URI base, Optional<String> userInfo) {
    /**
     * Where a registry URL with credentials is passed to a child process: its environment, unlike its command
     * line, only its own user can read.
     */
    public static final String ENVIRONMENT_VARIABLE = "YALAS_SCHEMA_REGISTRY";

    public static RegistryUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a schema registry URL: " + shown(url));
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("a schema registry URL is http(s)://[user:password@]host[:port][/path], got " + shown(url));
        }
        Optional<String> userInfo = Optional.ofNullable(uri.getRawUserInfo()).map(RegistryUrl::decodedUserInfo);
        try {
            URI base = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
            return new RegistryUrl(base, userInfo);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a schema registry URL: " + shown(url), e);
        }
    }

    /** {@code url} with any password replaced, for messages and consoles. */
    public static String shown(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@", "$1:***@");
    }

    private static String decodedUserInfo(String raw) {
        int colon = raw.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("schema registry credentials in the URL need user:password, got a user alone");
        }
        return decode(raw.substring(0, colon)) + ":" + decode(raw.substring(colon + 1));
    }

    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The value of an {@code Authorization} header, when there are credentials. */
    public Optional<String> authorization() {
        return userInfo.map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The URL with its credentials, percent-encoded, as the clients take it: {@link #parse} gives this back.
     * For clients only; {@link #toString} is the form to show.
     */
    public String withCredentials() {
        return userInfo.map(u -> base.getScheme() + "://" + encode(u.substring(0, u.indexOf(':'))) + ":" + encode(u.substring(u.indexOf(':') + 1))
                + "@" + base.getRawAuthority() + base.getRawPath()).orElse(base.toString());
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return userInfo.map(u -> base.getScheme() + "://" + u.substring(0, u.indexOf(':')) + ":***@" + base.getRawAuthority() + base.getRawPath())
                .orElse(base.toString());
    }
}
