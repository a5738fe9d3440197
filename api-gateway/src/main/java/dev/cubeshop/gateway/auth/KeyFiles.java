package dev.cubeshop.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.jboss.logging.Logger;

/** PEM key files: PKCS#8 private keys and X.509 public keys, as openssl writes them. */
public final class KeyFiles {
    private static final Logger LOG = Logger.getLogger(KeyFiles.class);

    private KeyFiles() {}

    /**
     * The private key at the path; when the file does not exist, a new RSA-2048 pair is generated there (owner-only)
     * with the public key beside it as public.pem, so services on the same machine can verify the tokens.
     */
    public static PrivateKey privateKeyCreatingIfMissing(Path location) {
        try {
            if (!Files.exists(location)) {
                generate(location);
            }
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(location), "PRIVATE KEY")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the private key at " + location, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The file at " + location + " is not a PKCS#8 RSA private key", e);
        }
    }

    public static PublicKey publicKey(Path location) {
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(pem(Files.readString(location), "PUBLIC KEY")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the public key at " + location, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The file at " + location + " is not an X.509 RSA public key", e);
        }
    }

    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new IllegalStateException("The private key must be an RSA key with CRT parameters");
        }
        try {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the public key", e);
        }
    }

    public static String toPem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void generate(Path location) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path folder = location.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = Files.createTempFile(folder, "private", ".tmp");
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's permissions have to do.
        }
        Files.writeString(temporary, toPem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        // Two gateway replicas starting together: a hard link never replaces an existing file, so the first one
        // wins and the other reads the winner's key.
        try {
            Files.createLink(location, temporary);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        } finally {
            Files.deleteIfExists(temporary);
        }
        Files.writeString(folder.resolve("public.pem"), toPem("PUBLIC KEY", pair.getPublic().getEncoded()));
        LOG.infof("Generated the demo identity provider's key pair at %s (public key beside it)", folder);
    }

    private static byte[] pem(String text, String type) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new GeneralSecurityException("no " + type + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
