package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/** docker-compose.yml and the Dockerfiles against the modules, without a Docker engine. */
class ComposeTest {
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");

    static Stream<String> apps() {
        return App.all().stream().map(App::name);
    }

    @Test
    void dockerComposeAcceptsTheFile() {
        // Debian's docker-compose (v1.29) validates against the Compose specification; the structural checks below
        // run without it.
        var dockerCompose = Tools.find("docker-compose");
        Assumptions.assumeTrue(dockerCompose.isPresent() || "true".equalsIgnoreCase(System.getenv("CI")),
                "docker-compose is not on the PATH (apt-get install -y docker-compose) - skipped");
        Tools.Result result = Tools.run(Repository.root(), List.of(Tools.require("docker-compose", "docker-compose")
                .toString(), "-f", "docker-compose.yml", "config", "-q"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    @Test
    void everyDependencyWaitsForAConditionThatCanBecomeTrue() {
        JsonNode services = ConfigConsistencyTest.compose().path("services");
        List<String> problems = new ArrayList<>();
        services.properties().forEach(service -> service.getValue().path("depends_on").properties().forEach(dep -> {
            String condition = dep.getValue().path("condition").asText();
            JsonNode target = services.path(dep.getKey());
            if (target.isMissingNode()) {
                problems.add(service.getKey() + " depends on unknown " + dep.getKey());
            } else if (!CONDITIONS.contains(condition)) {
                problems.add(service.getKey() + " -> " + dep.getKey() + ": condition '" + condition + "'");
            } else if (condition.equals("service_healthy") && !hasHealthcheck(dep.getKey(), target)) {
                problems.add(
                        service.getKey() + " waits for " + dep.getKey() + " to be healthy, which has no healthcheck");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("apps")
    void everyApplicationIsBuiltFromItsModuleAndStartsCleanly(String name) {
        App app = App.named(name);
        JsonNode service = ConfigConsistencyTest.compose().path("services").path(name);

        assertThat(service.path("image").asText()).startsWith(app.image() + ":");
        assertThat(service.at("/build/context").asText()).isEqualTo(".");
        assertThat(service.at("/build/dockerfile").asText()).isEqualTo(app.modulePath() + "/Dockerfile");
        assertThat(service.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        app.database().ifPresent(database -> {
            JsonNode db = ConfigConsistencyTest.compose().path("services").path(database + "-db");
            assertThat(service.path("depends_on").path(database + "-db").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(Environments.compose(ConfigConsistencyTest.compose(), database + "-db"))
                    .containsEntry("POSTGRES_DB", database).containsEntry("POSTGRES_USER", database);
            assertThat(Environments.compose(ConfigConsistencyTest.compose(), name))
                    .containsEntry("QUARKUS_DATASOURCE_JDBC_URL",
                            "jdbc:postgresql://" + database + "-db:5432/" + database)
                    .containsEntry("QUARKUS_DATASOURCE_USERNAME", database);
            assertThat(db.path("volumes").toString()).as("a volume of its own").contains(database + "-db-data:");
        });
        // Only the gateway is published; replicas of the others (--scale) would collide on a host port.
        assertThat(service.has("ports")).isEqualTo(name.equals("api-gateway"));
        if (name.equals("api-gateway")) {
            assertThat(service.path("ports").get(0).asText()).isEqualTo("8080:" + app.port());
        }
        assertThat(service.has("container_name")).as("container_name prevents --scale").isFalse();
    }

    @ParameterizedTest
    @MethodSource("apps")
    void namesInTheEnvironmentPointAtComposeServicesOnTheirPorts(String name) {
        App app = App.named(name);
        JsonNode services = ConfigConsistencyTest.compose().path("services");
        AppConfiguration config = AppConfiguration.of(app);
        Environments.compose(ConfigConsistencyTest.compose(), name).forEach((variable, value) -> {
            for (String property : config.resolve(variable)) {
                if (property.matches("cubeshop\\.gateway\\.upstreams\\.[^.]+\\.dns")) {
                    String upstream = property.split("\\.")[3];
                    assertThat(value).as(variable).isEqualTo(upstream + ":" + App.named(upstream).port());
                    assertThat(services.has(upstream)).isTrue();
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.hostname")) {
                    assertThat(services.has(value)).as(variable).isTrue();
                    assertThat(value).isEqualTo(property.split("\\.")[2]);
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.port")) {
                    assertThat(value).as(variable)
                            .isEqualTo(String.valueOf(App.named(property.split("\\.")[2]).port()));
                } else if (property.equals("kafka.bootstrap.servers")) {
                    assertThat(value).isEqualTo("kafka:9092");
                }
            }
        });
    }

    @Test
    void thereIsOneKafkaBrokerInKraftModeAndOneDatabasePerService() {
        JsonNode compose = ConfigConsistencyTest.compose();
        Map<String, String> kafka = Environments.compose(compose, "kafka");

        assertThat(compose.at("/services/kafka/image").asText()).startsWith("apache/kafka:");
        assertThat(kafka).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092");
        List<String> databases = new ArrayList<>();
        compose.path("services").properties().forEach(service -> {
            if (service.getValue().path("image").asText().startsWith("postgres:")) {
                databases.add(service.getKey());
            }
        });
        assertThat(databases).containsExactlyInAnyOrder("cart-db", "inventory-db", "payment-db", "checkout-db");
    }

    @Test
    void noKeyOrPasswordIsInTheComposeFile() {
        String compose = Repository.read("docker-compose.yml");

        assertThat(compose).doesNotContain("BEGIN PRIVATE KEY", "POSTGRES_PASSWORD:", "QUARKUS_DATASOURCE_PASSWORD");
        assertThat(compose).contains("openssl genpkey", "POSTGRES_PASSWORD_FILE");
    }

    @ParameterizedTest
    @MethodSource("apps")
    void theDockerfileBuildsTheModuleWithTheWrapperAndRunsItOnAJre25AsNonRoot(String name) {
        App app = App.named(name);
        String dockerfile = Repository.read(app.modulePath() + "/Dockerfile");

        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:25-jdk AS build$")
                .containsPattern("(?m)^FROM eclipse-temurin:25-jre$")
                .contains("./mvnw -B -q package -pl " + app.modulePath() + " -am")
                .contains("COPY --from=build /src/" + app.modulePath() + "/target/quarkus-app/ /app/")
                .containsPattern("(?m)^EXPOSE " + app.port() + "$")
                .containsPattern("(?m)^USER 10001:10001$")
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/quarkus-run.jar\"]");
        Matcher healthcheck = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\d+) .*GET (\\S+) HTTP").matcher(dockerfile);
        assertThat(healthcheck.find()).as("a HEALTHCHECK").isTrue();
        assertThat(Integer.parseInt(healthcheck.group(1))).isEqualTo(app.port());
        assertThat(healthcheck.group(2)).isEqualTo("/q/health/ready");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndSecrets() {
        List<String> ignored = Repository.read(".dockerignore").lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ignored).contains(".git", "**/target", ".cubeshop", "**/*.pem");
    }

    private static boolean hasHealthcheck(String name, JsonNode service) {
        if (service.has("healthcheck")) {
            return true;
        }
        String dockerfile = service.at("/build/dockerfile").asText();
        return !dockerfile.isEmpty() && Repository.read(dockerfile).contains("HEALTHCHECK");
    }
}
