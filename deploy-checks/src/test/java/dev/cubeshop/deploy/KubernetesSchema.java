package dev.cubeshop.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Strict validation of rendered objects against the Kubernetes API model (fabric8's typed model, generated from the
 * Kubernetes OpenAPI schema). The model accepts unknown fields into "additionalProperties"; strictness means every such
 * map is empty, so a misspelled field fails. Only current, stable API versions are allowed: a removed beta version
 * fails although the model still knows it.
 */
final class KubernetesSchema {
    static final Set<String> API_VERSIONS = Set.of("v1", "apps/v1", "autoscaling/v2", "policy/v1",
            "networking.k8s.io/v1");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesSchema() {}

    static List<String> violations(JsonNode object) {
        String where = object.path("kind").asText("?") + "/" + object.path("metadata").path("name").asText("?");
        List<String> violations = new ArrayList<>();
        String apiVersion = object.path("apiVersion").asText("");
        if (!API_VERSIONS.contains(apiVersion)) {
            violations.add(where + ": apiVersion '" + apiVersion + "' is not one of " + API_VERSIONS);
        }
        Object typed;
        try {
            typed = SERIALIZATION.unmarshal(object.toString());
        } catch (RuntimeException e) {
            violations.add(where + ": does not fit the schema: " + e.getMessage());
            return violations;
        }
        if (typed == null || typed instanceof GenericKubernetesResource) {
            violations.add(where + ": " + apiVersion + " " + object.path("kind").asText() + " is not a known type");
            return violations;
        }
        unknownFields(typed, where, violations);
        return violations;
    }

    private static void unknownFields(Object value, String path, List<String> violations) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", violations);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "[" + key + "]", violations));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    violations.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(child, path + "." + name, violations);
            }
        }
    }
}
