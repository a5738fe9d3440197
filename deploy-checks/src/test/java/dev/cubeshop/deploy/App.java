package dev.cubeshop.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * One application of the repository as its module defines it: name and port from its application.properties, its
 * database (the prod datasource user), its Dockerfile and its packaged runtime classpath.
 */
record App(String name, Path module, int port, Optional<String> database, Map<String, String> properties) {

    static final List<String> MODULES = List.of("services/inventory", "services/payment", "services/cart",
            "services/checkout-orchestrator", "api-gateway");

    static List<App> all() {
        return MODULES.stream().map(module -> load(Repository.root().resolve(module))).toList();
    }

    static App named(String name) {
        return all().stream().filter(app -> app.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no application named " + name));
    }

    static App load(Path module) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(module.resolve("src/main/resources/application.properties"))) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        raw.stringPropertyNames().stream().sorted().forEach(key -> properties.put(key, raw.getProperty(key)));
        String name = properties.get("quarkus.application.name");
        int port = Integer.parseInt(properties.get("quarkus.http.port"));
        return new App(name, module, port, Optional.ofNullable(properties.get("%prod.quarkus.datasource.username")),
                properties);
    }

    /** The module path relative to the repository root, e.g. services/cart. */
    String modulePath() {
        return Repository.root().relativize(module).toString().replace('\\', '/');
    }

    String image() {
        return "cubeshop/" + name;
    }

    Path dockerfile() {
        return module.resolve("Dockerfile");
    }

    /** The jars the packaged application runs with (fast-jar layout), the application's own first. */
    List<Path> runtimeClasspath() {
        Path app = module.resolve("target/quarkus-app");
        if (!Files.isDirectory(app.resolve("lib/main"))) {
            throw new IllegalStateException(app + " is missing: package the applications first (./mvnw verify from the "
                    + "root builds them before deploy-checks)");
        }
        try (var own = Files.list(app.resolve("app")); var libs = Files.list(app.resolve("lib/main"))) {
            return java.util.stream.Stream.concat(own, libs).filter(path -> path.toString().endsWith(".jar"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
