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

    /** What compose runs: the applications, the cart as one service per shard (cart-0, cart-1 ...). */
    static Stream<String> units() {
        return Unit.compose().stream().map(Unit::name);
    }

    @Test
    void everyApplicationRunsAndOnlyTheCartIsSplitIntoShards() {
        List<Unit> units = Unit.compose();

        assertThat(units.stream().map(unit -> unit.app().name()).distinct())
                .containsExactlyElementsOf(App.all().stream().map(App::name).toList());
        for (Unit unit : units) {
            if (unit.app().name().equals(Unit.SHARDED)) {
                assertThat(unit.shard()).as("%s is named %s-<index>", unit, Unit.SHARDED).isPresent();
            } else {
                assertThat(unit.name()).isEqualTo(unit.app().name());
            }
        }
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
    @MethodSource("units")
    void everyApplicationIsBuiltFromItsModuleAndStartsCleanly(String name) {
        Unit unit = Unit.named(name);
        App app = unit.app();
        JsonNode compose = ConfigConsistencyTest.compose();
        JsonNode service = compose.path("services").path(name);

        assertThat(service.path("image").asText()).startsWith(app.image() + ":");
        assertThat(service.at("/build/context").asText()).isEqualTo(".");
        assertThat(service.at("/build/dockerfile").asText()).isEqualTo(app.modulePath() + "/Dockerfile");
        assertThat(service.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        unit.database().ifPresent(database -> {
            String host = unit.databaseService().orElseThrow();
            JsonNode db = compose.path("services").path(host);
            assertThat(service.path("depends_on").path(host).path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(Environments.compose(compose, host)).containsEntry("POSTGRES_DB", database)
                    .containsEntry("POSTGRES_USER", database)
                    .containsEntry("POSTGRES_PASSWORD_FILE", "/run/cubeshop/db/" + database + ".password");
            assertThat(db.at("/healthcheck/test").toString()).as("pg_isready for its own user and database")
                    .contains("\"" + database + "\"");
            assertThat(Environments.compose(compose, name))
                    .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + host + ":5432/" + database)
                    .containsEntry("QUARKUS_DATASOURCE_USERNAME", database)
                    .containsEntry("QUARKUS_CONFIG_LOCATIONS", "/run/cubeshop/db/" + database + ".properties");
            assertThat(db.path("volumes").toString()).as("a volume of its own").contains(host + "-data:");
        });
        // Only the gateway is published; replicas of the others (--scale) would collide on a host port.
        assertThat(service.has("ports")).isEqualTo(name.equals("api-gateway"));
        if (name.equals("api-gateway")) {
            assertThat(service.path("ports").get(0).asText()).isEqualTo("8080:" + app.port());
        }
        assertThat(service.has("container_name")).as("container_name prevents --scale").isFalse();
    }

    @Test
    void theSecretsServiceGeneratesAPasswordForEveryDatabase() {
        JsonNode compose = ConfigConsistencyTest.compose();
        String script = compose.at("/services/secrets/command/0").asText();
        Matcher loop = Pattern.compile("for db in ([^;]+);").matcher(script);
        assertThat(loop.find()).as("the secrets service's loop over the databases").isTrue();
        List<String> generated = List.of(loop.group(1).trim().split("\\s+"));

        List<String> databases = Unit.compose().stream().flatMap(unit -> unit.database().stream()).toList();
        assertThat(generated).containsExactlyInAnyOrderElementsOf(databases);
    }

    @ParameterizedTest
    @MethodSource("units")
    void namesInTheEnvironmentPointAtComposeServicesOnTheirPorts(String name) {
        App app = Unit.named(name).app();
        JsonNode services = ConfigConsistencyTest.compose().path("services");
        AppConfiguration config = AppConfiguration.of(app);
        Environments.compose(ConfigConsistencyTest.compose(), name).forEach((variable, value) -> {
            for (String property : config.resolve(variable)) {
                if (property.matches("cubeshop\\.gateway\\.upstreams\\.[^.]+\\.dns")) {
                    String upstream = property.split("\\.")[3];
                    assertThat(value).as(variable).isEqualTo(upstream + ":" + Unit.named(upstream).app().port());
                    assertThat(services.has(upstream)).isTrue();
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.hostname")) {
                    assertThat(services.has(value)).as(variable).isTrue();
                    assertThat(value).isEqualTo(property.split("\\.")[2]);
                } else if (property.matches("quarkus\\.stork\\.[^.]+\\.service-discovery\\.port")) {
                    assertThat(value).as(variable)
                            .isEqualTo(String.valueOf(Unit.named(property.split("\\.")[2]).app().port()));
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
        assertThat(databases).containsExactlyInAnyOrderElementsOf(
                Unit.compose().stream().flatMap(unit -> unit.databaseService().stream()).toList());
        assertThat(databases).contains("inventory-db", "payment-db", "checkout-db", "cart-0-db", "cart-1-db");
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
