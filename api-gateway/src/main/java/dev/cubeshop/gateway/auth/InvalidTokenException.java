package dev.cubeshop.gateway.auth;

/** The token is missing a part, forged, expired or meant for someone else; the message is safe to show. */
public class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
