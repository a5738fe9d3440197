package dev.cubeshop.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The environment each application gets in docker-compose.yml and in the rendered Kubernetes objects. */
final class Environments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Environments() {}

    /** docker-compose.yml as a tree, with YAML anchors and merge keys (<<: *app) resolved as Compose does. */
    static JsonNode parseCompose(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object tree = new Yaml(options).load(yaml);
        return JSON.valueToTree(tree);
    }

    static Map<String, String> compose(JsonNode compose, String service) {
        JsonNode environment = compose.path("services").path(service).path("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment.isArray()) {
            for (JsonNode entry : environment) {
                String[] pair = entry.asText().split("=", 2);
                result.put(pair[0], pair.length > 1 ? pair[1] : "");
            }
        } else {
            environment.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        }
        return result;
    }

    static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind))
                .filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /**
     * The application's container: named like the Deployment's pods (app.kubernetes.io/name), which is the application,
     * also in a shard's Deployment (cart-0 runs the container cart).
     */
    static JsonNode container(List<JsonNode> objects, String deployment) {
        JsonNode template = find(objects, "Deployment", deployment).path("spec").path("template");
        String name = template.at("/metadata/labels/app.kubernetes.io~1name").asText(deployment);
        for (JsonNode container : template.path("spec").path("containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError("Deployment " + deployment + " has no container named " + name);
    }

    /** A property's value in an environment, spelled as the property itself or as its upper-case variable. */
    static Optional<String> value(Map<String, String> environment, String property) {
        String value = environment.get(property);
        return Optional.ofNullable(value != null ? value : environment.get(AppConfiguration.environmentName(property)));
    }

    /**
     * The container's environment: ConfigMaps from envFrom, then env entries (a secret reference stands as
     * "secret:name/key").
     */
    static Map<String, String> kubernetes(List<JsonNode> objects, String deployment) {
        JsonNode container = container(objects, deployment);
        Map<String, String> result = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                JsonNode data = find(objects, "ConfigMap", source.path("configMapRef").path("name").asText())
                        .path("data");
                data.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asText()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
            result.put(variable.path("name").asText(), secret.isMissingNode()
                    ? variable.path("value").asText()
                    : "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
        }
        return result;
    }
}
