package dev.cubeshop.gateway.auth;

/** The token names a signing key the gateway does not have (yet): the issuer may have rotated its keys. */
public class UnknownKeyException extends InvalidTokenException {
    public UnknownKeyException() {
        super("The token is signed with a key this service does not know");
    }
}
