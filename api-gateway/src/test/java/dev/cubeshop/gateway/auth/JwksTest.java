package dev.cubeshop.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JwksTest {

    @Test
    void aKeysIdIsItsRfc7638Thumbprint() throws Exception {
        // The example key of RFC 7638, section 3.1, and the thumbprint the RFC gives for it.
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRX"
                + "jBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8"
                + "KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_x"
                + "BniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(n)), BigInteger.valueOf(65537)));

        assertThat(Jwks.thumbprint(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void aWrittenSetReadsBackAsTheSameKeysByTheirIds() {
        KeyPair first = FakeIssuer.newKey();
        KeyPair second = FakeIssuer.newKey();

        Map<String, PublicKey> keys = Jwks.read(Jwks.write(List.of((RSAPublicKey) first.getPublic(),
                (RSAPublicKey) second.getPublic())));

        assertThat(keys).containsOnlyKeys(FakeIssuer.kid(first), FakeIssuer.kid(second));
        assertThat(keys.get(FakeIssuer.kid(first))).isEqualTo(first.getPublic());
        assertThat(keys.get(FakeIssuer.kid(second))).isEqualTo(second.getPublic());
    }

    @Test
    void onlyRsaSignatureKeysWithAnIdAreTaken() throws Exception {
        JsonNode real = new ObjectMapper().readTree(Jwks.write(List.of((RSAPublicKey) FakeIssuer.newKey().getPublic())))
                .path("keys").get(0);
        String rsa = "\"n\": \"" + real.path("n").asText() + "\", \"e\": \"" + real.path("e").asText() + "\"";
        String set = """
                {"keys": [
                  {"kty": "RSA", "kid": "enc", "use": "enc", %1$s},
                  {"kty": "RSA", "kid": "ps", "alg": "PS256", %1$s},
                  {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AQAB", "y": "AQAB"},
                  {"kty": "RSA", %1$s},
                  {"kty": "RSA", "kid": "sig", "use": "sig", "alg": "RS256", %1$s}
                ]}""".formatted(rsa);

        assertThat(Jwks.read(set)).containsOnlyKeys("sig");
    }

    @Test
    void aSetWithoutAUsableKeyOrNotASetIsRefused() {
        assertThatThrownBy(() -> Jwks.read("{\"keys\": []}")).hasMessageContaining("no RSA signature key");
        assertThatThrownBy(() -> Jwks.read("{\"keys\": {}}")).hasMessageContaining("not a JSON Web Key Set");
        assertThatThrownBy(() -> Jwks.read("<html>")).hasMessageContaining("not a JSON Web Key Set");
        assertThatThrownBy(
                () -> Jwks.read("{\"keys\": [{\"kty\": \"RSA\", \"kid\": \"k\", \"n\": \"\", \"e\": \"AQAB\"}]}"))
                .hasMessageContaining("\"k\" is not an RSA public key");
    }
}
