package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders the overlays the way a user applies them: on a copy of k8s/, generate the secrets with
 * k8s/generate-secrets.sh, then {@code kubectl kustomize}. The repository itself is never written to.
 */
final class Kustomize {
    static final List<String> OVERLAYS = List.of("dev", "prod");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();
    private static Path copy;

    private Kustomize() {}

    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Kustomize::renderNow);
    }

    private static List<JsonNode> renderNow(String overlay) {
        Path kubectl = Tools.require("kubectl", "kubernetes-client");
        Tools.require("openssl", "openssl");
        Path overlayDir = copy().resolve("overlays").resolve(overlay);
        Tools.Result secrets = Tools.run(copy(), List.of("bash", "generate-secrets.sh", overlayDir.toString()));
        assertThat(secrets.exitCode()).as("generate-secrets.sh: %s", secrets.stderr()).isZero();
        Tools.Result result = Tools.run(copy(), List.of(kubectl.toString(), "kustomize", overlayDir.toString()));
        assertThat(result.exitCode()).as("kubectl kustomize overlays/%s: %s", overlay, result.stderr()).isZero();
        return parse(result.stdout());
    }

    static List<JsonNode> parse(String yaml) {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> objects = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path copy() {
        if (copy == null) {
            try {
                Path target = Files.createTempDirectory("cubeshop-k8s");
                Path source = Repository.root().resolve("k8s");
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Path relative = source.relativize(file);
                        if (relative.startsWith("overlays") && relative.toString().contains("secrets")) {
                            continue; // a developer's generated secrets stay where they are
                        }
                        Path destination = target.resolve(relative.toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(destination);
                        } else {
                            Files.copy(file, destination);
                        }
                    }
                }
                copy = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copy;
    }
}
