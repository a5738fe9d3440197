package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The rendered overlays against the modules: ports, probes, images, wiring, and what each overlay promises. */
class KubernetesManifestsTest {
    private static final String DOMAIN = ".cubeshop.svc.cluster.local";

    static Stream<Arguments> appsAndOverlays() {
        return App.all().stream()
                .flatMap(app -> Kustomize.OVERLAYS.stream().map(overlay -> Arguments.of(app.name(), overlay)));
    }

    @ParameterizedTest
    @MethodSource("appsAndOverlays")
    void theDeploymentRunsTheModulesImageOnItsPortWithItsHealthEndpoints(String name, String overlay) {
        App app = App.named(name);
        List<JsonNode> objects = Kustomize.render(overlay);
        JsonNode deployment = Environments.find(objects, "Deployment", name);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = Environments.container(objects, name);

        assertThat(container.path("image").asText()).isEqualTo(app.image() + ":" + composeImageTag(name));
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(app.port());
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertThat(container.path(probe).at("/httpGet/port").asText()).as(probe).isEqualTo("http");
        }
        for (String resource : List.of("/resources/requests/cpu", "/resources/requests/memory",
                "/resources/limits/cpu", "/resources/limits/memory")) {
            assertThat(container.at(resource).asText()).as(resource).isNotEmpty();
        }
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(mountedEmptyDir(pod, container, "/tmp")).as("an emptyDir at /tmp").isTrue();
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt(-1)).isZero();

        // preStop, then Quarkus' shutdown delay and timeout must fit the grace period, or the pod is killed mid-request.
        assertThat(container.at("/lifecycle/preStop").isMissingNode()).as("a preStop hook").isFalse();
        long preStop = container.at("/lifecycle/preStop/exec/command/1").asLong(0);
        long needed = preStop + seconds(app, "quarkus.shutdown.delay") + seconds(app, "quarkus.shutdown.timeout");
        assertThat(pod.path("terminationGracePeriodSeconds").asLong(30)).isGreaterThan(needed);
    }

    @ParameterizedTest
    @MethodSource("appsAndOverlays")
    void theServiceHpaAndPdbBelongToTheDeployment(String name, String overlay) {
        App app = App.named(name);
        List<JsonNode> objects = Kustomize.render(overlay);
        JsonNode podLabels = Environments.find(objects, "Deployment", name).at("/spec/template/metadata/labels");
        JsonNode service = Environments.find(objects, "Service", name);
        JsonNode hpa = Environments.find(objects, "HorizontalPodAutoscaler", name);
        JsonNode pdb = Environments.find(objects, "PodDisruptionBudget", name);

        assertThat(selects(service.at("/spec/selector"), podLabels)).isTrue();
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(app.port());
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name);
        assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(selects(pdb.at("/spec/selector/matchLabels"), podLabels)).isTrue();
    }

    @Test
    void devRunsOneReplicaOfEverything() {
        List<JsonNode> objects = Kustomize.render("dev");
        for (App app : App.all()) {
            assertThat(Environments.find(objects, "Deployment", app.name()).at("/spec/replicas").asInt())
                    .as(app.name()).isEqualTo(1);
            assertThat(Environments.find(objects, "HorizontalPodAutoscaler", app.name()).at("/spec/maxReplicas")
                    .asInt()).as(app.name()).isEqualTo(1);
        }
    }

    @Test
    void prodRunsAtLeastTwoReplicasAndAutoscales() {
        List<JsonNode> objects = Kustomize.render("prod");
        for (App app : App.all()) {
            JsonNode hpa = Environments.find(objects, "HorizontalPodAutoscaler", app.name());
            assertThat(Environments.find(objects, "Deployment", app.name()).at("/spec/replicas").asInt())
                    .as(app.name()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.at("/spec/minReplicas").asInt()).as(app.name()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.at("/spec/maxReplicas").asInt()).as(app.name())
                    .isGreaterThan(hpa.at("/spec/minReplicas").asInt());
            assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        }
    }

    @ParameterizedTest
    @MethodSource("appsAndOverlays")
    void everyNameInTheEnvironmentPointsAtTheRightServiceAndPort(String name, String overlay) {
        App app = App.named(name);
        List<JsonNode> objects = Kustomize.render(overlay);
        Map<String, String> environment = Environments.kubernetes(objects, name);
        AppConfiguration config = AppConfiguration.of(app);

        environment.forEach((variable, value) -> {
            for (String property : config.resolve(variable)) {
                if (property.matches("cubeshop\\.gateway\\.upstreams\\.[^.]+\\.dns")) {
                    String upstream = property.split("\\.")[3];
                    assertThat(value).as(variable).isEqualTo(upstream + DOMAIN + ":" + App.named(upstream).port());
                    assertHeadlessServiceOf(objects, upstream);
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.hostname")) {
                    String target = property.split("\\.")[2];
                    assertThat(value).as(variable).isEqualTo(target + DOMAIN);
                    assertHeadlessServiceOf(objects, target);
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.port")) {
                    assertThat(value).as(variable)
                            .isEqualTo(String.valueOf(App.named(property.split("\\.")[2]).port()));
                } else if (property.equals("quarkus.datasource.jdbc.url")) {
                    String database = app.database().orElseThrow();
                    assertThat(value).as(variable).isEqualTo("jdbc:postgresql://" + database + "-db" + DOMAIN + ":5432/"
                            + database);
                    JsonNode postgres = Environments.find(objects, "StatefulSet", database + "-db");
                    assertThat(postgres.at("/spec/template/spec/containers/0/env").findValuesAsText("value"))
                            .as("the database's POSTGRES_DB and POSTGRES_USER").contains(database);
                    assertThat(Environments.find(objects, "Service", database + "-db")).isNotNull();
                } else if (property.equals("quarkus.datasource.username")) {
                    assertThat(value).isEqualTo(app.database().orElseThrow());
                } else if (property.equals("quarkus.datasource.password")) {
                    assertThat(value).isEqualTo("secret:db-passwords/" + app.database().orElseThrow());
                } else if (property.equals("kafka.bootstrap.servers")) {
                    assertThat(value).isEqualTo("kafka-0.kafka" + DOMAIN + ":9092");
                } else if (property.endsWith("key-location") || property.equals("mp.jwt.verify.publickey.location")) {
                    assertThat(mountedSecretFile(objects, name, value, "jwt-keys")).as(variable + "=" + value)
                            .isTrue();
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesOpenOnlyTheGatewayToTheOutsideAndEachDatabaseOnlyToItsOwner(String overlay) {
        List<JsonNode> objects = Kustomize.render(overlay);
        List<JsonNode> policies = objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy"))
                .toList();

        JsonNode defaultDeny = Environments.find(objects, "NetworkPolicy", "default-deny-ingress");
        assertThat(defaultDeny.at("/spec/ingress").isMissingNode() || defaultDeny.at("/spec/ingress").isEmpty())
                .isTrue();
        List<String> openToAnyone = new ArrayList<>();
        for (JsonNode policy : policies) {
            for (JsonNode rule : policy.at("/spec/ingress")) {
                if (!rule.has("from")) {
                    openToAnyone.add(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText());
                }
                for (JsonNode from : rule.path("from")) {
                    assertThat(from.has("ipBlock") || from.has("namespaceSelector"))
                            .as("only pods of this namespace: %s", policy.at("/metadata/name")).isFalse();
                }
            }
        }
        assertThat(openToAnyone).containsExactly("api-gateway");

        for (App app : App.all()) {
            app.database().ifPresent(database -> {
                Set<String> callers = callers(policies, database + "-db");
                assertThat(callers).as("who reaches the %s database", database).containsExactly(app.name());
            });
        }
        assertThat(callers(policies, "payment")).containsExactly("checkout-orchestrator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theIngressLeadsToTheGatewayOnly(String overlay) {
        List<JsonNode> objects = Kustomize.render(overlay);
        List<JsonNode> ingresses = objects.stream().filter(o -> o.path("kind").asText().equals("Ingress")).toList();

        assertThat(ingresses).hasSize(1);
        assertThat(ingresses.get(0).path("apiVersion").asText()).isEqualTo("networking.k8s.io/v1");
        assertThat(ingresses.get(0).findValuesAsText("name")).contains("api-gateway")
                .doesNotContain("cart", "inventory", "payment", "checkout-orchestrator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDatabaseAndTheBrokerIsAStatefulSetWithAVolumeClaim(String overlay) {
        List<JsonNode> objects = Kustomize.render(overlay);
        List<String> names = new ArrayList<>(App.all().stream().flatMap(app -> app.database().stream())
                .map(database -> database + "-db").toList());
        names.add("kafka");
        for (String name : names) {
            JsonNode statefulSet = Environments.find(objects, "StatefulSet", name);
            assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage").asText())
                    .as(name).isNotEmpty();
        }
        JsonNode kafka = Environments.find(objects, "StatefulSet", "kafka");
        assertThat(kafka.at("/spec/template/spec/containers/0/env").toString()).contains("KAFKA_PROCESS_ROLES",
                "broker,controller");
    }

    @Test
    void noGeneratedSecretIsCommitted() {
        assertThat(Repository.read("k8s/.gitignore")).contains("overlays/*/secrets/");
        Tools.Result tracked = Tools.run(Repository.root(), List.of("git", "ls-files", "k8s"));
        assertThat(tracked.stdout()).doesNotContain("/secrets/", ".pem", ".password");
    }

    private static Set<String> callers(List<JsonNode> policies, String target) {
        Set<String> callers = new TreeSet<>();
        for (JsonNode policy : policies) {
            if (policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText().equals(target)) {
                for (JsonNode rule : policy.at("/spec/ingress")) {
                    rule.path("from").forEach(from -> callers
                            .add(from.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()));
                }
            }
        }
        return callers;
    }

    private static void assertHeadlessServiceOf(List<JsonNode> objects, String app) {
        JsonNode service = Environments.find(objects, "Service", app);
        assertThat(service.at("/spec/clusterIP").asText()).as("Service %s is headless (one A record per pod)", app)
                .isEqualTo("None");
        assertThat(selects(service.at("/spec/selector"),
                Environments.find(objects, "Deployment", app).at("/spec/template/metadata/labels"))).isTrue();
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (var entry : selector.properties()) {
            if (!labels.path(entry.getKey()).asText().equals(entry.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean mountedEmptyDir(JsonNode pod, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").equals(mount.path("name")) && volume.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The file lies in a mounted volume of the given Secret that projects that file's key. */
    private static boolean mountedSecretFile(List<JsonNode> objects, String deployment, String file, String secret) {
        JsonNode pod = Environments.find(objects, "Deployment", deployment).at("/spec/template/spec");
        JsonNode container = Environments.container(objects, deployment);
        for (JsonNode mount : container.path("volumeMounts")) {
            String directory = mount.path("mountPath").asText();
            if (!file.startsWith(directory + "/")) {
                continue;
            }
            String key = file.substring(directory.length() + 1);
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.path("name").equals(mount.path("name"))
                        && volume.at("/secret/secretName").asText().equals(secret)) {
                    JsonNode data = Environments.find(objects, "Secret", secret).path("data");
                    boolean projected = volume.at("/secret/items").findValuesAsText("path").contains(key);
                    return data.has(key) && (projected || !volume.at("/secret").has("items"));
                }
            }
        }
        return false;
    }

    private static long seconds(App app, String property) {
        String value = app.properties().getOrDefault("%prod." + property, app.properties().get(property));
        return value == null ? 0 : Duration.parse("PT" + value.toUpperCase()).toSeconds();
    }

    private static String composeImageTag(String name) {
        String image = ConfigConsistencyTest.compose().path("services").path(name).path("image").asText();
        return image.substring(image.indexOf(':') + 1);
    }
}
