package dev.cubeshop.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.ParameterizedType;
import org.jboss.jandex.Type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The configuration properties an application really has, derived from what it runs with (its packaged runtime
 * classpath), and the check that an environment variable names one of them.
 *
 * <p>
 * Sources, each authoritative for its part:
 * <ul>
 * <li>Quarkus extensions: the config model each extension jar ships
 * ({@code META-INF/quarkus-config-doc/quarkus-config-model.json}, written by Quarkus' annotation processor from the
 * extension's config roots), with each property's phase. Only RUN_TIME properties can be set in a container's
 * environment; a build-time one would be silently ignored, so it is reported.</li>
 * <li>The application's and libraries' own mappings: every {@code @ConfigMapping} interface (not a Quarkus config root)
 * in the jars, walked the way SmallRye Config names properties (kebab-case, {@code @WithName},
 * {@code @WithParentName}, maps as {@code *}); and every {@code @ConfigProperty(name = ...)} injection point
 * (e.g. SmallRye JWT's {@code mp.jwt.verify.*}). Read with Jandex from the class files, nothing is loaded.</li>
 * <li>The keys of the application's application.properties.</li>
 * <li>SmallRye Stork: a service's {@code service-discovery.*} parameters must be attributes
 * ({@code @ServiceDiscoveryAttribute}) of the discovery type it uses, and the service one the application calls (named
 * in its application.properties, or in a list of Stork services it is given, such as the orchestrator's
 * {@code checkout.cart-shards}).</li>
 * </ul>
 * Environment variable names map to properties by the MicroProfile Config rules: the exact property name, or the name
 * with every non-alphanumeric character replaced by '_', or that upper-cased. A map key inside an upper-case name is
 * ambiguous (CHECKOUT_ORCHESTRATOR: "checkout-orchestrator" or "checkout.orchestrator"?); SmallRye Config resolves it
 * only when the key is known from another source, so here it must appear in application.properties.
 */
final class AppConfiguration {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final DotName CONFIG_MAPPING = DotName.createSimple("io.smallrye.config.ConfigMapping");
    private static final DotName CONFIG_ROOT = DotName.createSimple("io.quarkus.runtime.annotations.ConfigRoot");
    private static final DotName CONFIG_PROPERTY = DotName
            .createSimple("org.eclipse.microprofile.config.inject.ConfigProperty");
    private static final DotName WITH_NAME = DotName.createSimple("io.smallrye.config.WithName");
    private static final DotName WITH_PARENT_NAME = DotName.createSimple("io.smallrye.config.WithParentName");
    private static final DotName WITH_UNNAMED_KEY = DotName.createSimple("io.smallrye.config.WithUnnamedKey");
    private static final DotName DISCOVERY_TYPE = DotName
            .createSimple("io.smallrye.stork.api.config.ServiceDiscoveryType");
    private static final DotName DISCOVERY_ATTRIBUTE = DotName
            .createSimple("io.smallrye.stork.api.config.ServiceDiscoveryAttribute");
    private static final DotName DISCOVERY_ATTRIBUTES = DotName
            .createSimple("io.smallrye.stork.api.config.ServiceDiscoveryAttributes");
    private static final Set<String> COLLECTIONS = Set.of("java.util.List", "java.util.Set", "java.util.Collection",
            "java.util.SortedSet");
    private static final Set<String> OPTIONALS = Set.of("java.util.Optional", "java.util.OptionalInt",
            "java.util.OptionalLong", "java.util.OptionalDouble");
    private static final Pattern STORK_PARAMETER = Pattern
            .compile("quarkus\\.stork\\.([^.]+)\\.service-discovery\\.(.+)");
    /**
     * Properties whose value is a list of Stork service names the application calls (the orchestrator's cart shards):
     * a Stork service named there is used, although application.properties does not name it.
     */
    private static final Set<String> STORK_SERVICE_LISTS = Set.of("checkout.cart-shards");
    private static final Map<String, AppConfiguration> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, Index> INDEXES = new ConcurrentHashMap<>();

    enum Phase {
        RUN_TIME, BUILD_TIME
    }

    /** A property name in which '*' stands for one map key (or list index) segment. */
    record Property(String pattern, Phase phase, String source) {}

    private final App app;
    private final List<Property> properties = new ArrayList<>();
    private final Set<String> knownKeys = new TreeSet<>();
    private final Map<String, Set<String>> discoveryAttributes = new HashMap<>();

    private AppConfiguration(App app, List<Path> classpath) {
        this.app = app;
        app.properties().keySet().forEach(key -> {
            String name = key.replaceFirst("^%[^.]+\\.", "");
            properties.add(new Property(name, Phase.RUN_TIME, "application.properties"));
            knownKeys.addAll(segments(name));
        });
        for (Path jar : classpath) {
            readQuarkusModel(jar);
            readAnnotations(jar, index(jar));
        }
    }

    static AppConfiguration of(App app) {
        return CACHE.computeIfAbsent(app.name(), name -> new AppConfiguration(app, app.runtimeClasspath()));
    }

    List<Property> properties() {
        return List.copyOf(properties);
    }

    /**
     * Problems with the application's environment: every variable must name a run-time property of the application;
     * Stork parameters must belong to the discovery type in use.
     */
    List<String> violations(Map<String, String> environment, String where, Set<String> notConfig) {
        List<String> violations = new ArrayList<>();
        for (var variable : environment.entrySet()) {
            String name = variable.getKey();
            if (notConfig.contains(name)) {
                continue;
            }
            String prefix = where + ": " + app.name() + " " + name;
            Set<String> resolved = resolve(name);
            List<Property> matches = properties.stream()
                    .filter(property -> resolved.stream().anyMatch(p -> matchesPattern(p, property.pattern())))
                    .toList();
            if (resolved.isEmpty() || matches.isEmpty()) {
                boolean ambiguous = resolved.isEmpty() && properties.stream().anyMatch(
                        property -> property.pattern().contains("*")
                                && name.matches(environmentRegex(property.pattern())));
                violations.add(prefix + " names no configuration property of " + app.name() + (ambiguous
                        ? " (ambiguous: an upper-case spelling of a map key that application.properties does not name;"
                                + " use the property name itself)"
                        : resolved.isEmpty() ? "" : " (looked for " + resolved + ")"));
                continue;
            }
            // application.properties names keys but knows no phase: the extension's model decides where it has one.
            List<Property> declared = matches.stream()
                    .filter(property -> !property.source().equals("application.properties")).toList();
            List<Property> decisive = declared.isEmpty() ? matches : declared;
            if (decisive.stream().noneMatch(property -> property.phase() == Phase.RUN_TIME)) {
                violations.add(prefix + " is fixed at build time (" + decisive.get(0).source()
                        + "): setting it in the environment has no effect");
                continue;
            }
            for (String property : resolved) {
                Matcher stork = STORK_PARAMETER.matcher(property);
                if (stork.matches()) {
                    storkViolation(stork.group(1), stork.group(2), environment).map(why -> prefix + ": " + why)
                            .ifPresent(violations::add);
                }
            }
        }
        return violations;
    }

    private Optional<String> storkViolation(String service, String parameter, Map<String, String> environment) {
        boolean used = app.properties().keySet().stream().anyMatch(key -> key.startsWith("quarkus.stork." + service
                + ".")) || app.properties().values().stream().anyMatch(value -> value.equals("stork://" + service))
                || STORK_SERVICE_LISTS.stream().flatMap(list -> environment.entrySet().stream()
                        .filter(e -> resolve(e.getKey()).contains(list) || e.getKey().equals(environmentName(list)))
                        .flatMap(e -> Arrays.stream(e.getValue().split(",")).map(String::trim)))
                        .anyMatch(service::equals);
        if (!used) {
            return Optional.of("configures Stork service '" + service + "', which " + app.name() + " does not call");
        }
        if (parameter.equals("type")) {
            return Optional.empty();
        }
        String typeKey = "quarkus.stork." + service + ".service-discovery.type";
        String type = environment.entrySet().stream().filter(e -> resolve(e.getKey()).contains(typeKey))
                .map(Map.Entry::getValue).findFirst().orElse(app.properties().get(typeKey));
        Set<String> attributes = discoveryAttributes.get(type);
        if (attributes == null) {
            return Optional.of("Stork discovery type '" + type + "' is not on the classpath (known: "
                    + discoveryAttributes.keySet() + ")");
        }
        if (!attributes.contains(parameter)) {
            return Optional.of("'" + parameter + "' is no parameter of Stork's " + type + " discovery " + attributes);
        }
        return Optional.empty();
    }

    /**
     * The property names an environment variable stands for: itself when it is spelled as a property; otherwise every
     * known property whose environment spelling it is, with map keys taken from application.properties.
     */
    Set<String> resolve(String variable) {
        if (!variable.equals(variable.toUpperCase(Locale.ROOT))) {
            return Set.of(variable);
        }
        Set<String> names = new LinkedHashSet<>();
        for (Property property : properties) {
            if (!variable.matches(environmentRegex(property.pattern()))) {
                continue;
            }
            for (String candidate : instantiate(property.pattern())) {
                if (environmentName(candidate).equals(variable)) {
                    names.add(candidate);
                }
            }
        }
        return names;
    }

    /** The pattern with every '*' replaced by each known map key that keeps it a plausible match. */
    private List<String> instantiate(String pattern) {
        if (!pattern.contains("*")) {
            return List.of(pattern);
        }
        List<String> results = new ArrayList<>();
        for (String key : knownKeys) {
            results.addAll(instantiate(pattern.replaceFirst("\\*", Matcher.quoteReplacement(key))));
        }
        return results;
    }

    /** Any environment spelling of the pattern, whatever its map keys. */
    private static String environmentRegex(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("(?=\\*)|(?<=\\*)")) {
            regex.append(part.equals("*") ? "[A-Z0-9_]+" : Pattern.quote(environmentName(part)));
        }
        return regex.toString();
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    static boolean matchesPattern(String property, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("(?=\\*)|(?<=\\*)")) {
            regex.append(part.equals("*") ? "(?:\"[^\"]+\"|[^.\\[\\]]+)" : Pattern.quote(part));
        }
        return property.matches(regex.toString());
    }

    private static List<String> segments(String name) {
        List<String> segments = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"([^\"]+)\"|([^.\"]+)").matcher(name);
        while (matcher.find()) {
            segments.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return segments;
    }

    private void readQuarkusModel(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(MODEL);
            if (entry == null) {
                return;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                collectModel(JSON.readTree(in), jar.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(jar.toString(), e);
        }
    }

    private void collectModel(JsonNode node, String jar) {
        if (node.isObject() && node.has("path") && node.has("phase")) {
            Phase phase = "RUN_TIME".equals(node.get("phase").asText()) ? Phase.RUN_TIME : Phase.BUILD_TIME;
            String source = jar + " (" + node.get("phase").asText() + ")";
            properties.add(new Property(quotedToWildcard(node.get("path").get("property").asText()), phase, source));
            for (JsonNode additional : node.path("additionalPaths")) {
                properties.add(new Property(quotedToWildcard(additional.get("property").asText()), phase, source));
            }
        }
        node.forEach(child -> collectModel(child, jar));
    }

    /** Quarkus' model writes map keys as quoted placeholders: quarkus.datasource."datasource-name".jdbc.url. */
    private static String quotedToWildcard(String property) {
        return property.replaceAll("\"[^\"]*\"", "*").replace("[*]", ".*");
    }

    private static Index index(Path jar) {
        // The applications' lib folders hold copies of the same jars (named group.artifact-version.jar): index each once.
        String key = jar.getFileName() + "@" + jar.toFile().length();
        return INDEXES.computeIfAbsent(key, name -> {
            Path path = jar;
            Indexer indexer = new Indexer();
            try (ZipFile zip = new ZipFile(path.toFile())) {
                var entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")
                            && !entry.getName().startsWith("META-INF/versions/")) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            indexer.index(in);
                        } catch (RuntimeException e) {
                            // A class file Jandex cannot read holds no configuration we look for.
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(path.toString(), e);
            }
            return indexer.complete();
        });
    }

    private void readAnnotations(Path jar, Index index) {
        String source = jar.getFileName().toString();
        for (AnnotationInstance mapping : index.getAnnotations(CONFIG_MAPPING)) {
            ClassInfo type = mapping.target().asClass();
            if (type.hasDeclaredAnnotation(CONFIG_ROOT)) {
                continue; // a Quarkus config root: its model (with phases) is read from the extension's metadata
            }
            AnnotationValue prefix = mapping.value("prefix");
            walkMapping(index, type, prefix == null ? "" : prefix.asString(), source, new HashSet<>());
        }
        for (AnnotationInstance injection : index.getAnnotations(CONFIG_PROPERTY)) {
            AnnotationValue name = injection.value("name");
            if (name != null && !name.asString().isEmpty()) {
                properties.add(new Property(name.asString(), Phase.RUN_TIME, source));
            }
        }
        for (AnnotationInstance discovery : index.getAnnotations(DISCOVERY_TYPE)) {
            ClassInfo provider = discovery.target().asClass();
            Set<String> attributes = new TreeSet<>();
            AnnotationInstance container = provider.declaredAnnotation(DISCOVERY_ATTRIBUTES);
            List<AnnotationInstance> declared = new ArrayList<>();
            if (container != null) {
                declared.addAll(List.of(container.value().asNestedArray()));
            }
            if (provider.declaredAnnotation(DISCOVERY_ATTRIBUTE) != null) {
                declared.add(provider.declaredAnnotation(DISCOVERY_ATTRIBUTE));
            }
            declared.forEach(attribute -> attributes.add(attribute.value("name").asString()));
            discoveryAttributes.put(discovery.value().asString(), attributes);
        }
    }

    private void walkMapping(Index index, ClassInfo type, String prefix, String source, Set<DotName> seen) {
        if (!seen.add(type.name())) {
            return;
        }
        for (MethodInfo method : type.methods()) {
            if (method.parametersCount() != 0 || Modifier.isStatic(method.flags())
                    || !Modifier.isAbstract(method.flags()) || method.isSynthetic()) {
                continue;
            }
            String path;
            if (method.hasDeclaredAnnotation(WITH_PARENT_NAME)) {
                path = prefix;
            } else {
                AnnotationInstance withName = method.declaredAnnotation(WITH_NAME);
                String name = withName != null ? withName.value().asString() : kebab(method.name());
                path = prefix.isEmpty() ? name : prefix + "." + name;
            }
            walkType(index, method.returnType(), path, method.hasDeclaredAnnotation(WITH_UNNAMED_KEY), source,
                    seen);
        }
        for (DotName parent : type.interfaceNames()) {
            ClassInfo parentInfo = index.getClassByName(parent);
            if (parentInfo != null) {
                walkMapping(index, parentInfo, prefix, source, seen);
            }
        }
        seen.remove(type.name());
    }

    private void walkType(Index index, Type type, String path, boolean unnamedKey, String source, Set<DotName> seen) {
        String raw = type.name().toString();
        if (type.kind() == Type.Kind.PARAMETERIZED_TYPE) {
            List<Type> arguments = ((ParameterizedType) type).arguments();
            if (OPTIONALS.contains(raw)) {
                walkType(index, arguments.get(0), path, unnamedKey, source, seen);
                return;
            }
            if (COLLECTIONS.contains(raw)) {
                ClassInfo group = group(index, arguments.get(0));
                if (group != null) {
                    walkMapping(index, group, path + ".*", source, seen);
                } else {
                    leaf(path, source);
                }
                return;
            }
            if (raw.equals("java.util.Map")) {
                Type value = arguments.get(1);
                ClassInfo group = group(index, value);
                if (group != null) {
                    walkMapping(index, group, path + ".*", source, seen);
                    if (unnamedKey) {
                        walkMapping(index, group, path, source, seen);
                    }
                } else {
                    leaf(path + ".*", source);
                }
                return;
            }
        }
        ClassInfo group = group(index, type);
        if (group != null) {
            walkMapping(index, group, path, source, seen);
        } else {
            leaf(path, source);
        }
    }

    private void leaf(String path, String source) {
        properties.add(new Property(path, Phase.RUN_TIME, source));
    }

    private static ClassInfo group(Index index, Type type) {
        if (type.kind() != Type.Kind.CLASS && type.kind() != Type.Kind.PARAMETERIZED_TYPE) {
            return null;
        }
        ClassInfo info = index.getClassByName(type.name());
        return info != null && info.isInterface() && !info.isAnnotation() ? info : null;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return app.name() + ": "
                + properties.stream().map(Property::pattern).collect(Collectors.toCollection(TreeSet::new));
    }
}
