package io.yalas.schemas.wire;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Optional;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryUrlTest {
    @Test
    void aPlainAddressHasNoCredentials() {
        RegistryUrl url = RegistryUrl.parse("http://registry:8081");
        assertEquals("http://registry:8081", url.base().toString());
        assertEquals(Optional.empty(), url.authorization());
        assertEquals("http://registry:8081", url.toString());
    }

    @Test
    void credentialsInTheUrlBecomeBasicAuthenticationAndAreNeverShown() {
        // a Confluent Cloud API secret may hold '/' and '+', percent-encoded in a URL
        RegistryUrl url = RegistryUrl.parse("https://KEY123:s%2Fecr%2Bet%40x@psrc-1.eu-west-1.aws.confluent.cloud/prefix");
        assertEquals("https://psrc-1.eu-west-1.aws.confluent.cloud/prefix", url.base().toString());
        assertEquals(Optional.of("KEY123:s/ecr+et@x"), url.userInfo());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("KEY123:s/ecr+et@x".getBytes(UTF_8)), url.authorization().orElseThrow());
        assertFalse(url.toString().contains("ecr"), url.toString());
        assertEquals("https://KEY123:***@host:8081/x", RegistryUrl.shown("https://KEY123:secret@host:8081/x"));
        assertEquals("http://host:8081", RegistryUrl.shown("http://host:8081"));
    }

    @Test
    void credentialsFromElsewhereGoIntoTheUrlSoThatParsingGivesThemBack() {
        RegistryUrl url = new RegistryUrl(RegistryUrl.parse("https://registry:8443/sr").base(), Optional.of("KEY 1:p@ss:w/o+rd%"));
        RegistryUrl back = RegistryUrl.parse(url.withCredentials());
        assertEquals(url, back);
        assertEquals("https://registry:8443/sr", RegistryUrl.parse("https://registry:8443/sr").withCredentials());
    }

    @Test
    void aMalformedAddressIsRefusedWithoutEchoingItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryUrl.parse("ftp://u:pw@registry"));
        assertTrue(e.getMessage().contains("http(s)://") && !e.getMessage().contains("pw"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RegistryUrl.parse("https://justauser@registry"));
        assertTrue(e.getMessage().contains("user:password"), e.getMessage());
    }
}
