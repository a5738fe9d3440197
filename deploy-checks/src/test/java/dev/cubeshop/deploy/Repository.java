package dev.cubeshop.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, and its files. */
final class Repository {
    private static Path root;

    private Repository() {}

    static synchronized Path root() {
        if (root == null) {
            String configured = System.getProperty("cubeshop.root");
            Path candidate = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
            while (candidate != null && !Files.exists(candidate.resolve("docker-compose.yml"))) {
                candidate = candidate.getParent();
            }
            if (candidate == null) {
                throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
            }
            root = candidate.toAbsolutePath().normalize();
        }
        return root;
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
