package dev.cubeshop.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every environment variable docker-compose.yml or k8s/ sets for an application names a real run-time configuration
 * property of that application (see {@link AppConfiguration} for where the real ones come from).
 */
class ConfigConsistencyTest {
    /** Environment variables that configure no application property. None so far: the JVM flags live in the images. */
    private static final Set<String> NOT_CONFIG = Set.of();

    /** What runs: the applications, the cart as one unit per shard (cart-0, cart-1 ...). */
    static Stream<String> units() {
        return Unit.compose().stream().map(Unit::name);
    }

    static Stream<Arguments> unitsAndOverlays() {
        return units().flatMap(unit -> Kustomize.OVERLAYS.stream().map(overlay -> Arguments.of(unit, overlay)));
    }

    @ParameterizedTest
    @MethodSource("units")
    void everyComposeVariableNamesARealProperty(String name) {
        App app = Unit.named(name).app();
        Map<String, String> environment = Environments.compose(compose(), name);

        assertThat(environment).as("compose sets the environment of %s", name).isNotEmpty();
        assertThat(AppConfiguration.of(app).violations(environment, "docker-compose.yml", NOT_CONFIG)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("unitsAndOverlays")
    void everyKubernetesVariableNamesARealProperty(String name, String overlay) {
        App app = Unit.named(name).app();
        Map<String, String> environment = Environments.kubernetes(Kustomize.render(overlay), name);

        assertThat(environment).isNotEmpty();
        assertThat(AppConfiguration.of(app).violations(environment, "k8s/overlays/" + overlay, NOT_CONFIG))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("units")
    void composeAndKubernetesSetTheSameSettingsApartFromHowThePasswordArrives(String name) {
        Set<String> compose = new java.util.TreeSet<>(Environments.compose(compose(), name).keySet());
        Set<String> kubernetes = new java.util.TreeSet<>(Environments.kubernetes(Kustomize.render("prod"), name)
                .keySet());
        // Compose reads the generated password from a properties file; Kubernetes from a Secret.
        compose.remove("QUARKUS_CONFIG_LOCATIONS");
        kubernetes.remove("QUARKUS_DATASOURCE_PASSWORD");

        assertThat(kubernetes).isEqualTo(compose);
    }

    @Test
    void theRealPropertiesComeFromExtensionsMappingsInjectionPointsAndTheProperties() {
        List<String> cart = AppConfiguration.of(App.named("cart")).properties().stream()
                .map(AppConfiguration.Property::pattern).toList();
        List<String> gateway = AppConfiguration.of(App.named("api-gateway")).properties().stream()
                .map(AppConfiguration.Property::pattern).toList();

        assertThat(cart).as("Quarkus extensions' config model").contains("quarkus.datasource.jdbc.url",
                "quarkus.datasource.password", "quarkus.stork.*.service-discovery.*", "quarkus.http.port");
        assertThat(cart).as("@ConfigProperty injection points").contains("kafka.bootstrap.servers",
                "mp.jwt.verify.publickey.location");
        assertThat(cart).as("@ConfigMapping of platform/outbox").contains("cubeshop.outbox.enabled");
        assertThat(gateway).as("the gateway's @ConfigMapping").contains("cubeshop.gateway.upstreams.*.dns",
                "cubeshop.gateway.dns.refresh", "cubeshop.gateway.rate-limit.customer.refill-per-second",
                "cubeshop.auth.demo-idp.enabled");
        assertThat(gateway).as("the gateway has no SmallRye JWT").doesNotContain("mp.jwt.verify.publickey.location");
    }

    @Test
    void theShardKeysOfTheDeploymentsAreRealProperties() {
        // What compose and k8s/ set for the Z-axis must exist in the applications (checked against the packaged apps).
        assertThat(AppConfiguration.of(App.named("cart")).properties()).map(AppConfiguration.Property::pattern)
                .as("the cart's shard (CartConfig)").contains("cubeshop.cart.shard.index", "cubeshop.cart.shard.count");
        assertThat(AppConfiguration.of(App.named("api-gateway")).properties()).map(AppConfiguration.Property::pattern)
                .as("the gateway's sharded route (GatewayConfig)").contains("cubeshop.gateway.routes.*.shards");
        assertThat(AppConfiguration.of(App.named("checkout-orchestrator")).properties())
                .map(AppConfiguration.Property::pattern).as("the orchestrator's cart shards (CheckoutConfig)")
                .contains("checkout.cart-shards");
    }

    @Test
    void anUpperCaseVariableResolvesByTheMicroProfileRulesWithMapKeysFromTheApplication() {
        AppConfiguration gateway = AppConfiguration.of(App.named("api-gateway"));

        assertThat(gateway.resolve("CUBESHOP_GATEWAY_UPSTREAMS_CHECKOUT_ORCHESTRATOR_DNS"))
                .containsExactly("cubeshop.gateway.upstreams.checkout-orchestrator.dns");
        assertThat(gateway.resolve("cubeshop.gateway.upstreams.cart-0.dns"))
                .containsExactly("cubeshop.gateway.upstreams.cart-0.dns");
    }

    @Test
    void anUpperCaseMapKeyWithADashThatTheApplicationDoesNotNameIsAmbiguousAndFails() {
        // CART_7: "cart-7", "cart.7" or "cart_7"? SmallRye Config cannot tell; the shard's upstream would be lost.
        assertThat(violations("api-gateway", Map.of("CUBESHOP_GATEWAY_UPSTREAMS_CART_7_DNS", "cart-7:8081")))
                .singleElement().asString().contains("names no configuration property", "ambiguous");
        assertThat(violations("api-gateway", Map.of("cubeshop.gateway.upstreams.cart-7.dns", "cart-7:8081")))
                .isEmpty();
    }

    // Negative tests: the checker must catch what a typo or a misunderstanding would break silently at run time.

    @Test
    void aMisspelledKeyInComposeFailsTheCheck() {
        JsonNode compose = compose();
        ObjectNode environment = (ObjectNode) compose.path("services").path("cart-0").path("environment");
        environment.set("QUARKUS_DATASOURCE_USRNAME", environment.remove("QUARKUS_DATASOURCE_USERNAME"));

        List<String> violations = AppConfiguration.of(App.named("cart"))
                .violations(Environments.compose(compose, "cart-0"), "docker-compose.yml", NOT_CONFIG);

        assertThat(violations).singleElement().asString().contains("cart", "QUARKUS_DATASOURCE_USRNAME",
                "names no configuration property");
    }

    @ParameterizedTest
    @ValueSource(strings = {"quarkus.stork.inventory.service-discovery.record-typ",
            "quarkus.stork.inventory.service-discovery.refresh-periode"})
    void aMisspelledStorkParameterFailsTheCheck(String misspelled) {
        Map<String, String> environment = cartEnvironment();
        environment.put(misspelled, "A");

        assertThat(violations("cart", environment)).singleElement().asString().contains(misspelled,
                "no parameter of Stork's dns discovery");
    }

    @Test
    void anUpperCaseStorkParameterWithADashIsAmbiguousAndFails() {
        // SmallRye Config cannot tell RECORD_TYPE from record.type in a map key: the setting would be lost.
        Map<String, String> environment = cartEnvironment();
        environment.put("QUARKUS_STORK_INVENTORY_SERVICE_DISCOVERY_RECORD_TYPE", "A");

        assertThat(violations("cart", environment)).singleElement().asString().contains("names no configuration",
                "ambiguous");
    }

    @Test
    void aBuildTimePropertyFailsTheCheck() {
        Map<String, String> environment = cartEnvironment();
        environment.put("QUARKUS_DATASOURCE_DB_KIND", "mysql");

        assertThat(violations("cart", environment)).singleElement().asString().contains("fixed at build time");
    }

    @Test
    void anotherApplicationsPropertyFailsTheCheck() {
        Map<String, String> environment = cartEnvironment();
        environment.put("CUBESHOP_GATEWAY_DNS_REFRESH", "5s");

        assertThat(violations("cart", environment)).singleElement().asString()
                .contains("CUBESHOP_GATEWAY_DNS_REFRESH", "names no configuration property");
        assertThat(violations("api-gateway", Map.of("MP_JWT_VERIFY_ISSUER", "cubeshop-demo"))).singleElement()
                .asString().contains("names no configuration property");
    }

    @Test
    void aStorkServiceTheApplicationDoesNotCallFailsTheCheck() {
        Map<String, String> environment = cartEnvironment();
        environment.put("quarkus.stork.payment.service-discovery.type", "dns");

        assertThat(violations("cart", environment)).singleElement().asString().contains("does not call");
    }

    @Test
    void aStorkServiceOutsideTheOrchestratorsCartShardsFailsTheCheck() {
        Map<String, String> environment = new LinkedHashMap<>(Environments.compose(compose(), "checkout-orchestrator"));
        List<String> before = violations("checkout-orchestrator", environment);
        assertThat(before).as("cart-0 and cart-1 are its cart shards").noneMatch(v -> v.contains("does not call"));
        environment.put("quarkus.stork.cart-2.service-discovery.type", "dns");

        List<String> after = new ArrayList<>(violations("checkout-orchestrator", environment));
        after.removeAll(before);
        assertThat(after).singleElement().asString().contains("cart-2", "does not call");
    }

    private static List<String> violations(String app, Map<String, String> environment) {
        return AppConfiguration.of(App.named(app)).violations(environment, "test", NOT_CONFIG);
    }

    private static Map<String, String> cartEnvironment() {
        return new LinkedHashMap<>(Environments.compose(compose(), "cart-0"));
    }

    static JsonNode compose() {
        return Environments.parseCompose(Repository.read("docker-compose.yml"));
    }
}
