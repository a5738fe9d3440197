package dev.cubeshop.gateway.auth;

import java.security.PublicKey;

/** Where the verifier finds the key that checks a token's signature. */
@FunctionalInterface
public interface SigningKeys {
    /** The key for the token's {@code kid} (null when the token names none), or null when there is no such key. */
    PublicKey key(String kid);

    /** One configured key: it checks every token, whatever key id the token names. */
    static SigningKeys of(PublicKey key) {
        return kid -> key;
    }
}
