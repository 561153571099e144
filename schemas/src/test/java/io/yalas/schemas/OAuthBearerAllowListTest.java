package io.yalas.schemas;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OAuthBearerAllowListTest {
    private String urlsBefore;
    private String filesBefore;

    @BeforeEach
    void save() {
        urlsBefore = System.getProperty(OAuthBearerAllowList.ALLOWED_URLS);
        filesBefore = System.getProperty(OAuthBearerAllowList.ALLOWED_FILES);
        System.setProperty(OAuthBearerAllowList.ALLOWED_URLS, "https://already.example/token");
        System.clearProperty(OAuthBearerAllowList.ALLOWED_FILES);
    }

    @AfterEach
    void restore() {
        restore(OAuthBearerAllowList.ALLOWED_URLS, urlsBefore);
        restore(OAuthBearerAllowList.ALLOWED_FILES, filesBefore);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    @Test
    void theEndpointsAndFilesTheOperatorsSettingsNameAreAddedOnceToWhatWasAllowed() {
        Map<String, String> settings = Map.of(
                "sasl.oauthbearer.token.endpoint.url", " https://idp.example/oauth2/token ",
                "sasl.oauthbearer.jwks.endpoint.url", "file:/etc/yalas/jwks.json",
                "sasl.oauthbearer.assertion.file", "/etc/yalas/assertion.jwt",
                "sasl.mechanism", "OAUTHBEARER",
                "ssl.truststore.location", "/etc/yalas/truststore.p12");
        OAuthBearerAllowList.allowNamedIn(settings);
        OAuthBearerAllowList.allowNamedIn(settings);
        assertEquals("https://already.example/token,https://idp.example/oauth2/token", System.getProperty(OAuthBearerAllowList.ALLOWED_URLS));
        String files = System.getProperty(OAuthBearerAllowList.ALLOWED_FILES);
        assertEquals(2, files.split(",").length, files);
        assertEquals(new TreeSet<>(List.of(new File("/etc/yalas/jwks.json").getAbsolutePath(),
                new File("/etc/yalas/assertion.jwt").getAbsolutePath())), new TreeSet<>(List.of(files.split(","))));
    }

    @Test
    void settingsWithoutOauthLeaveThePropertiesAlone() {
        OAuthBearerAllowList.allowNamedIn(Map.of("sasl.mechanism", "PLAIN", "security.protocol", "SASL_SSL"));
        assertEquals("https://already.example/token", System.getProperty(OAuthBearerAllowList.ALLOWED_URLS));
        assertNull(System.getProperty(OAuthBearerAllowList.ALLOWED_FILES));
    }
}
