package io.leadsync.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.serialization.node.LocationJsonNodeFactoryFactory;
import com.networknt.schema.utils.JsonNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code routes/*.yaml} follows the YAML DSL's own JSON schema ({@code schema/camelYamlDsl.json} inside
 * camel-yaml-dsl), so a mistyped key fails the build instead of the start or a hot reload. (The Camel validator
 * Maven plugin is not available here; this test does its check.)
 */
class RoutesSchemaTest {

    /** Draft 4, plus the schema's own annotation "deprecated" (which validates nothing). */
    private static final JsonMetaSchema DRAFT_4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
            .keyword(new NonValidationKeyword("deprecated")).build();
    private static final JsonSchema DSL_SCHEMA = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V4, factory -> factory.metaSchema(DRAFT_4))
            .getSchema(SchemaLocation.of("classpath:schema/camelYamlDsl.json"));
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]+}}");
    private static final Set<String> SCALARS = Set.of("boolean", "number", "integer");

    static Stream<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void aRouteFileFollowsTheYamlDslSchema(Path file) {
        assertThat(violations(file)).as("schema violations in %s", file).isEmpty();
    }

    @Test
    void everyShippedRouteFileIsChecked() throws IOException {
        assertThat(routeFiles().map(f -> f.getFileName().toString())).contains(
                "sync-cycle.camel.yaml", "sync-errors.camel.yaml", "trello.camel.yaml", "clickup.camel.yaml",
                "webhooks.camel.yaml", "webhook-upkeep.camel.yaml");
    }

    @Test
    void anUnknownKeyIsReportedWithTheFileTheLineAndTheKey() {
        Path broken = Path.of("src/test/resources/routes-schema/unknown-key.camel.yaml");

        assertThat(violations(broken)).anySatisfy(violation -> assertThat(violation)
                .startsWith(broken + ":8: ").contains("logg"));
    }

    @Test
    void aPlaceholderMayStandForABooleanOrANumberButNotForAStep() {
        Path file = Path.of("src/test/resources/routes-schema/placeholders.camel.yaml");

        assertThat(violations(file)).singleElement().asString().startsWith(file + ":12: ").contains("steps[1]");
    }

    /** One line per violation: {@code file:line: message}. */
    static List<String> violations(Path file) {
        JsonNode routes = readWithLines(file);
        return DSL_SCHEMA.validate(routes).stream().filter(v -> !placeholderForAScalar(v))
                .map(v -> file + ":" + line(v) + ": " + v.getMessage()).toList();
    }

    /**
     * The schema types booleans and numbers strictly, but Camel resolves a property placeholder ("{{enabled}}")
     * before it converts the value, so a placeholder where a boolean or number goes is valid.
     */
    private static boolean placeholderForAScalar(ValidationMessage violation) {
        JsonNode value = violation.getInstanceNode();
        return "type".equals(violation.getType()) && value != null && value.isTextual()
                && PLACEHOLDER.matcher(value.asText()).matches()
                && violation.getSchemaNode() != null
                && SCALARS.contains(violation.getSchemaNode().asText());
    }

    private static JsonNode readWithLines(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return JsonNodes.readTree(YAML, in, LocationJsonNodeFactoryFactory.getInstance());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The line of the offending node; for a key the schema forbids, the line of that key's value. */
    private static String line(ValidationMessage violation) {
        JsonNode node = violation.getInstanceNode();
        if (violation.getProperty() != null && node != null && node.has(violation.getProperty())) {
            node = node.get(violation.getProperty());
        }
        JsonLocation at = node == null ? null : JsonNodes.tokenLocationOf(node);
        return at == null ? "?" : String.valueOf(at.getLineNr());
    }
}
