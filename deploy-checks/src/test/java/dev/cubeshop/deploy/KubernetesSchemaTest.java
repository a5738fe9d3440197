package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class KubernetesSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectFitsTheKubernetesSchemaStrictly(String overlay) {
        List<JsonNode> objects = Kustomize.render(overlay);

        assertThat(objects).hasSizeGreaterThan(40);
        assertThat(objects.stream().flatMap(object -> KubernetesSchema.violations(object).stream())).isEmpty();
    }

    @Test
    void aMisspelledFieldIsRejected() {
        ObjectNode deployment = deployment();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinessProb", container.remove("readinessProbe"));

        assertThat(KubernetesSchema.violations(deployment)).singleElement().asString()
                .contains("Deployment/cart-0", "containers[0]", "readinessProb");
    }

    @Test
    void aMisspelledFieldDeepInsideIsRejected() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.at("/spec/strategy/rollingUpdate")).put("maxUnavailible", 0);

        assertThat(KubernetesSchema.violations(deployment)).singleElement().asString().contains("maxUnavailible");
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.at("/spec")).put("replicas", "two");

        assertThat(KubernetesSchema.violations(deployment)).isNotEmpty();
    }

    @Test
    void aRemovedApiVersionIsRejected() {
        JsonNode hpa = Kustomize.parse("""
                apiVersion: autoscaling/v2beta2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: cart
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: cart}
                  minReplicas: 1
                  maxReplicas: 2
                """).get(0);

        assertThat(KubernetesSchema.violations(hpa)).singleElement().asString().contains("autoscaling/v2beta2");
    }

    @Test
    void anUnknownKindIsRejected() {
        JsonNode object = Kustomize.parse("""
                apiVersion: apps/v1
                kind: Deployement
                metadata:
                  name: cart
                """).get(0);

        assertThat(KubernetesSchema.violations(object)).isNotEmpty();
    }

    private static ObjectNode deployment() {
        ObjectNode deployment = Environments.find(Kustomize.render("dev"), "Deployment", "cart-0").deepCopy();
        assertThat(KubernetesSchema.violations(deployment)).as("the unmodified Deployment is valid").isEmpty();
        return deployment;
    }
}
