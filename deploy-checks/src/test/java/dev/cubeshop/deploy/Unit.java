package dev.cubeshop.deploy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One deployed group of replicas: an application (a compose service, a Kubernetes Deployment of the same name), or one
 * shard of the sharded application, cart (Z-axis: cart-0, cart-1 ... each with a database of its own, cart_0 ...).
 */
record Unit(App app, String name, OptionalInt shard) {
    /** The application partitioned by customer; its units are named {@code cart-<index>}. */
    static final String SHARDED = "cart";
    private static final Pattern SHARD_NAME = Pattern.compile(Pattern.quote(SHARDED) + "-(\\d+)");

    /** The units docker-compose.yml runs: every service built from an application's module, in module order. */
    static List<Unit> compose() {
        JsonNode services = ConfigConsistencyTest.compose().path("services");
        List<Unit> units = new ArrayList<>();
        for (App app : App.all()) {
            services.properties().forEach(service -> {
                if (service.getValue().at("/build/dockerfile").asText().equals(app.modulePath() + "/Dockerfile")) {
                    units.add(of(app, service.getKey()));
                }
            });
        }
        return sorted(units);
    }

    /** The units of rendered Kubernetes objects: every Deployment that runs an application's image. */
    static List<Unit> kubernetes(List<JsonNode> objects) {
        List<Unit> units = new ArrayList<>();
        for (JsonNode deployment : objects) {
            if (!deployment.path("kind").asText().equals("Deployment")) {
                continue;
            }
            String image = deployment.at("/spec/template/spec/containers/0/image").asText();
            App.all().stream().filter(app -> image.startsWith(app.image() + ":")).findFirst()
                    .ifPresent(app -> units.add(of(app, deployment.at("/metadata/name").asText())));
        }
        return sorted(units);
    }

    static Unit named(String name) {
        return compose().stream().filter(unit -> unit.name.equals(name)).findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("docker-compose.yml runs no application named " + name));
    }

    static List<Unit> shards(List<Unit> units) {
        return units.stream().filter(unit -> unit.app.name().equals(SHARDED)).toList();
    }

    private static Unit of(App app, String name) {
        if (!app.name().equals(SHARDED)) {
            return new Unit(app, name, OptionalInt.empty());
        }
        Matcher shard = SHARD_NAME.matcher(name);
        return new Unit(app, name, shard.matches()
                ? OptionalInt.of(Integer.parseInt(shard.group(1)))
                : OptionalInt.empty());
    }

    private static List<Unit> sorted(List<Unit> units) {
        return units.stream().sorted(Comparator.comparing((Unit unit) -> App.MODULES.indexOf(unit.app.modulePath()))
                .thenComparing(unit -> unit.shard.orElse(-1)).thenComparing(Unit::name)).toList();
    }

    /** The database (and its user): the application's, or cart_&lt;index&gt; for a shard. */
    Optional<String> database() {
        if (shard.isPresent()) {
            return Optional.of(app.name() + "_" + shard.getAsInt());
        }
        return app.database();
    }

    /** The database's host (compose service, Kubernetes StatefulSet and Service): e.g. inventory-db, cart-0-db. */
    Optional<String> databaseService() {
        if (shard.isPresent()) {
            return Optional.of(name + "-db");
        }
        return app.database().map(database -> database + "-db");
    }

    @Override
    public String toString() {
        return name;
    }
}
