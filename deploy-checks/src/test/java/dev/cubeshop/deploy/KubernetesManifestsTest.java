package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    /** Every unit (an application, or a cart shard: cart-0, cart-1 ...) in every overlay. */
    static Stream<Arguments> unitsAndOverlays() {
        return Unit.compose().stream()
                .flatMap(unit -> Kustomize.OVERLAYS.stream().map(overlay -> Arguments.of(unit.name(), overlay)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theDeploymentsAreTheComposeServices(String overlay) {
        assertThat(Unit.kubernetes(Kustomize.render(overlay))).map(Unit::name)
                .containsExactlyElementsOf(Unit.compose().stream().map(Unit::name).toList());
    }

    @ParameterizedTest
    @MethodSource("unitsAndOverlays")
    void theDeploymentRunsTheModulesImageOnItsPortWithItsHealthEndpoints(String name, String overlay) {
        App app = Unit.named(name).app();
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
    @MethodSource("unitsAndOverlays")
    void theServiceHpaAndPdbBelongToTheDeployment(String name, String overlay) {
        App app = Unit.named(name).app();
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
        // A shard's Service must not answer with another shard's pods (cart-0 and cart-1 share app.kubernetes.io/name).
        assertThat(workloadsSelectedBy(objects, service.at("/spec/selector"))).as("pods behind Service %s", name)
                .containsExactly(name);
        assertThat(workloadsSelectedBy(objects, pdb.at("/spec/selector/matchLabels"))).as("pods of PDB %s", name)
                .containsExactly(name);
    }

    @Test
    void devRunsOneReplicaOfEverything() {
        List<JsonNode> objects = Kustomize.render("dev");
        for (Unit unit : Unit.compose()) {
            assertThat(Environments.find(objects, "Deployment", unit.name()).at("/spec/replicas").asInt())
                    .as(unit.name()).isEqualTo(1);
            assertThat(Environments.find(objects, "HorizontalPodAutoscaler", unit.name()).at("/spec/maxReplicas")
                    .asInt()).as(unit.name()).isEqualTo(1);
        }
    }

    @Test
    void prodRunsAtLeastTwoReplicasAndAutoscales() {
        List<JsonNode> objects = Kustomize.render("prod");
        for (Unit unit : Unit.compose()) {
            JsonNode hpa = Environments.find(objects, "HorizontalPodAutoscaler", unit.name());
            assertThat(Environments.find(objects, "Deployment", unit.name()).at("/spec/replicas").asInt())
                    .as(unit.name()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.at("/spec/minReplicas").asInt()).as(unit.name()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.at("/spec/maxReplicas").asInt()).as(unit.name())
                    .isGreaterThan(hpa.at("/spec/minReplicas").asInt());
            assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        }
    }

    @ParameterizedTest
    @MethodSource("unitsAndOverlays")
    void everyNameInTheEnvironmentPointsAtTheRightServiceAndPort(String name, String overlay) {
        Unit unit = Unit.named(name);
        App app = unit.app();
        List<JsonNode> objects = Kustomize.render(overlay);
        Map<String, String> environment = Environments.kubernetes(objects, name);
        AppConfiguration config = AppConfiguration.of(app);

        environment.forEach((variable, value) -> {
            for (String property : config.resolve(variable)) {
                if (property.matches("cubeshop\\.gateway\\.upstreams\\.[^.]+\\.dns")) {
                    String upstream = property.split("\\.")[3];
                    assertThat(value).as(variable)
                            .isEqualTo(upstream + DOMAIN + ":" + Unit.named(upstream).app().port());
                    assertHeadlessServiceOf(objects, upstream);
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.hostname")) {
                    String target = property.split("\\.")[2];
                    assertThat(value).as(variable).isEqualTo(target + DOMAIN);
                    assertHeadlessServiceOf(objects, target);
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.port")) {
                    assertThat(value).as(variable)
                            .isEqualTo(String.valueOf(Unit.named(property.split("\\.")[2]).app().port()));
                } else if (property.equals("quarkus.datasource.jdbc.url")) {
                    String database = unit.database().orElseThrow();
                    String host = unit.databaseService().orElseThrow();
                    assertThat(value).as(variable)
                            .isEqualTo("jdbc:postgresql://" + host + DOMAIN + ":5432/" + database);
                    JsonNode postgres = Environments.find(objects, "StatefulSet", host);
                    Map<String, String> env = new TreeMap<>();
                    for (JsonNode entry : postgres.at("/spec/template/spec/containers/0/env")) {
                        JsonNode secret = entry.at("/valueFrom/secretKeyRef");
                        env.put(entry.path("name").asText(), secret.isMissingNode()
                                ? entry.path("value").asText()
                                : "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
                    }
                    assertThat(env).as("the database's own name, user and password").containsEntry("POSTGRES_DB",
                            database).containsEntry("POSTGRES_USER", database)
                            .containsEntry("POSTGRES_PASSWORD", "secret:db-passwords/" + database);
                    assertThat(postgres.at("/spec/template/spec/containers/0/readinessProbe/exec/command").toString())
                            .as("pg_isready for its own user and database").contains("\"" + database + "\"");
                    assertThat(Environments.find(objects, "Secret", "db-passwords").path("data").has(database))
                            .as("db-passwords has a key %s", database).isTrue();
                    assertThat(Environments.find(objects, "Service", host)).isNotNull();
                } else if (property.equals("quarkus.datasource.username")) {
                    assertThat(value).isEqualTo(unit.database().orElseThrow());
                } else if (property.equals("quarkus.datasource.password")) {
                    assertThat(value).isEqualTo("secret:db-passwords/" + unit.database().orElseThrow());
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

        List<Unit> units = Unit.kubernetes(objects);
        List<String> shards = Unit.shards(units).stream().map(Unit::name).toList();
        for (Unit unit : units) {
            unit.databaseService().ifPresent(database -> assertThat(callers(objects, database))
                    .as("who reaches %s", database).containsExactly(unit.name()));
        }
        assertThat(callers(objects, "payment")).containsExactly("checkout-orchestrator");
        assertThat(callers(objects, "inventory")).contains("api-gateway", "checkout-orchestrator")
                .containsAll(shards);
        for (String shard : shards) {
            // The gateway and the orchestrator call every shard; the shards hand carts over to each other.
            assertThat(callers(objects, shard)).as("who reaches %s", shard)
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of("api-gateway",
                            "checkout-orchestrator"), shards.stream()).toList());
        }
        assertThat(callers(objects, "kafka")).containsAll(units.stream().map(Unit::name).toList());
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
        List<String> names = new ArrayList<>(Unit.compose().stream().flatMap(unit -> unit.databaseService().stream())
                .toList());
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

    /**
     * The workloads (Deployments, StatefulSets) whose pods the NetworkPolicies let reach the target's pods, by the
     * policies' label selectors against the pods' labels.
     */
    private static Set<String> callers(List<JsonNode> objects, String target) {
        JsonNode targetLabels = podLabels(objects).get(target);
        assertThat(targetLabels).as("a workload named %s", target).isNotNull();
        Set<String> callers = new TreeSet<>();
        for (JsonNode policy : objects) {
            if (!policy.path("kind").asText().equals("NetworkPolicy")
                    || !matches(policy.at("/spec/podSelector"), targetLabels)) {
                continue;
            }
            for (JsonNode rule : policy.at("/spec/ingress")) {
                for (JsonNode from : rule.path("from")) {
                    callers.addAll(workloadsSelectedBy(objects, from.path("podSelector")));
                }
            }
        }
        return callers;
    }

    /** The workloads whose pod labels a label selector (matchLabels and matchExpressions, or a plain map) selects. */
    private static Set<String> workloadsSelectedBy(List<JsonNode> objects, JsonNode selector) {
        Set<String> names = new TreeSet<>();
        podLabels(objects).forEach((name, labels) -> {
            if (matches(selector, labels)) {
                names.add(name);
            }
        });
        return names;
    }

    private static Map<String, JsonNode> podLabels(List<JsonNode> objects) {
        Map<String, JsonNode> labels = new TreeMap<>();
        for (JsonNode object : objects) {
            if (Set.of("Deployment", "StatefulSet").contains(object.path("kind").asText())) {
                labels.put(object.at("/metadata/name").asText(), object.at("/spec/template/metadata/labels"));
            }
        }
        return labels;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        boolean structured = selector.has("matchLabels") || selector.has("matchExpressions");
        JsonNode matchLabels = structured ? selector.path("matchLabels") : selector;
        for (var entry : matchLabels.properties()) {
            if (!labels.path(entry.getKey()).asText().equals(entry.getValue().asText())) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            JsonNode label = labels.path(expression.path("key").asText());
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(value -> values.add(value.asText()));
            boolean ok = switch (expression.path("operator").asText()) {
                case "In" -> !label.isMissingNode() && values.contains(label.asText());
                case "NotIn" -> label.isMissingNode() || !values.contains(label.asText());
                case "Exists" -> !label.isMissingNode();
                case "DoesNotExist" -> label.isMissingNode();
                default -> throw new AssertionError("unknown selector operator in " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
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
