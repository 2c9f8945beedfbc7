package io.leadsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.oas.OpenApi31;

/**
 * Checks real emulator traffic against a vendor's OpenAPI document (3.0 JSON, or 3.1 JSON/YAML).
 *
 * <p>Operations are looked up by method and path template. Parameter names do not matter
 * ({@code /boards/{boardId}/actions} finds {@code /boards/{id}/actions}), a trailing slash is ignored, and
 * the path of the first server URL may be included or left out ({@code /1/cards/{id}} and
 * {@code /cards/{id}} both find Trello's {@code /cards/{id}}).
 *
 * <p>Response statuses: an exact code ({@code "404"}) wins, then a range ({@code "4XX"}). A status the
 * operation does <b>not document</b> is checked against the operation's {@code default} response when it has
 * one, and fails the assertion when it has none. A documented response with no JSON schema (e.g. Trello's
 * bare {@code "200": {"description": "Success"}}) accepts any body, which must still be JSON. An unknown
 * operation always fails.
 *
 * <p>Schemas are validated with networknt json-schema-validator using its OpenAPI 3.0 dialect (with
 * {@code nullable}) or 3.1 dialect; local {@code $ref}s ({@code #/components/...}) resolve inside the
 * document. Known formats (date-time, date, email, uri, …) are asserted; unknown ones ({@code url}) are
 * ignored. Failures list every violation with the JSON path of the offending value and the schema location.
 */
public final class OpenApiContract {

    /** Where the vendors' specs live on the test classpath (src/test/resources/specs; trimmed, see its README.md). */
    private static final String VENDOR_SPECS = "/specs/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    /** Where schemas found inline in operations are copied so they can be addressed by a plain JSON pointer. */
    private static final String HOISTED = "x-openapi-contract-schemas";

    /** One documented operation: its responses by status key and the pointer of its request-body schema. */
    private record Operation(String method, String specPath, Map<String, String> responsePointers,
                             String requestPointer) {
    }

    private final String name;
    private final String documentIri;
    private final String basePath;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(String name, ObjectNode spec) {
        this.name = name;
        this.documentIri = "https://openapi-contract.invalid/" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
        this.basePath = basePath(spec);
        ArrayNode hoisted = spec.putArray(HOISTED);
        indexOperations(spec, hoisted);
        String version = spec.path("openapi").asText("");
        boolean v31 = version.startsWith("3.1");
        if (!v31 && !version.startsWith("3.0")) {
            throw new IllegalArgumentException(name + ": not an OpenAPI 3.0/3.1 document (openapi=" + version + ")");
        }
        JsonMetaSchema dialect = v31 ? OpenApi31.getInstance() : OpenApi30.getInstance();
        String document = spec.toString();
        this.factory = JsonSchemaFactory.getInstance(v31 ? SpecVersion.VersionFlag.V202012 : SpecVersion.VersionFlag.V4,
                builder -> builder.metaSchema(dialect).defaultMetaSchemaIri(dialect.getIri())
                        .schemaLoaders(loaders -> loaders.schemas(Map.of(documentIri, document))));
        this.config = SchemaValidatorsConfig.builder()
                .nullableKeywordEnabled(true)
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .build();
    }

    /** Reads an OpenAPI document; {@code .yaml}/{@code .yml} files are read as YAML, anything else as JSON. */
    public static OpenApiContract load(Path spec) {
        try {
            return parse(spec.getFileName().toString(), Files.readAllBytes(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read OpenAPI document " + spec, e);
        }
    }

    /** Reads one of the vendors' specs kept in the repository, e.g. {@code vendor("trello-openapi.json")}. */
    public static OpenApiContract vendor(String file) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(VENDOR_SPECS + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No OpenAPI document " + file + " on the test classpath under "
                        + VENDOR_SPECS + " (src/test/resources/specs)");
            }
            return parse(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read OpenAPI document " + VENDOR_SPECS + file, e);
        }
    }

    private static OpenApiContract parse(String file, byte[] document) throws IOException {
        ObjectMapper reader = file.endsWith(".yaml") || file.endsWith(".yml") ? YAML : JSON;
        return new OpenApiContract(file, (ObjectNode) reader.readTree(document));
    }

    /**
     * Fails with every violation when the body does not match the response schema the spec gives for this
     * operation and status (see the class comment for undocumented statuses).
     */
    public void assertResponseMatches(String method, String pathTemplate, int status, String jsonBody) {
        fail(method + " " + pathTemplate + " -> " + status, responseViolations(method, pathTemplate, status, jsonBody));
    }

    /** Fails with every violation when the body does not match the operation's JSON request-body schema. */
    public void assertRequestBodyMatches(String method, String pathTemplate, String jsonBody) {
        Operation op = operation(method, pathTemplate);
        if (op.requestPointer() == null) {
            throw new AssertionError(describe(op) + " documents no JSON request body");
        }
        fail(method + " " + pathTemplate + " request body", validate(op.requestPointer(), jsonBody));
    }

    /**
     * The violations without failing, for tests that pin down a known deviation of the real service from
     * its spec. Still fails (AssertionError) when the operation or status is not documented.
     */
    public List<String> responseViolations(String method, String pathTemplate, int status, String jsonBody) {
        Operation op = operation(method, pathTemplate);
        String code = String.valueOf(status);
        String pointer;
        if (op.responsePointers().containsKey(code)) {
            pointer = op.responsePointers().get(code);
        } else if (op.responsePointers().containsKey(code.charAt(0) + "XX")) {
            pointer = op.responsePointers().get(code.charAt(0) + "XX");
        } else if (op.responsePointers().containsKey("default")) {
            pointer = op.responsePointers().get("default");
        } else {
            throw new AssertionError(describe(op) + " does not document status " + status
                    + " and has no default response; documented: " + op.responsePointers().keySet());
        }
        return pointer.isEmpty() ? jsonSyntaxViolations(jsonBody) : validate(pointer, jsonBody);
    }

    private List<String> validate(String pointer, String jsonBody) {
        JsonNode body;
        try {
            body = JSON.readTree(jsonBody);
        } catch (JsonProcessingException e) {
            return List.of("body is not JSON: " + abbreviate(jsonBody));
        }
        if (body == null) {
            return List.of("body is empty, expected JSON");
        }
        JsonSchema schema = schemas.computeIfAbsent(pointer,
                p -> factory.getSchema(SchemaLocation.of(documentIri + "#" + p), config));
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(body)) {
            out.add(m.getMessage() + "  [schema #" + m.getSchemaLocation().getFragment() + "]");
        }
        return out;
    }

    private static List<String> jsonSyntaxViolations(String body) {
        if (body == null || body.isEmpty()) {
            return List.of();
        }
        try {
            JSON.readTree(body);
            return List.of();
        } catch (JsonProcessingException e) {
            return List.of("body is not JSON: " + abbreviate(body));
        }
    }

    private Operation operation(String method, String pathTemplate) {
        String m = method.toLowerCase();
        String normalized = normalize(pathTemplate);
        Operation op = operations.get(m + " " + normalized);
        if (op == null && !basePath.isEmpty() && normalized.startsWith(basePath + "/")) {
            op = operations.get(m + " " + normalized.substring(basePath.length()));
        }
        if (op == null) {
            throw new AssertionError(name + " documents no operation " + method.toUpperCase() + " " + pathTemplate);
        }
        return op;
    }

    private void indexOperations(ObjectNode spec, ArrayNode hoisted) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                Map<String, String> responses = new LinkedHashMap<>();
                op.getValue().path("responses").fields().forEachRemaining(r -> responses.put(r.getKey(),
                        schemaPointer(spec, resolve(spec, r.getValue()), hoisted)));
                JsonNode requestBody = resolve(spec, op.getValue().path("requestBody"));
                String request = requestBody.isMissingNode() ? null : schemaPointer(spec, requestBody, hoisted);
                operations.put(op.getKey() + " " + normalize(path.getKey()), new Operation(op.getKey(), path.getKey(),
                        responses, request == null || request.isEmpty() ? null : request));
            }
        }
    }

    /** JSON pointer of the JSON schema of a response/request body object, or "" when it declares none. */
    private static String schemaPointer(ObjectNode spec, JsonNode bodyObject, ArrayNode hoisted) {
        JsonNode content = bodyObject.path("content");
        JsonNode media = content.path("application/json");
        if (media.isMissingNode()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = content.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().contains("json") || e.getKey().equals("*/*")) {
                    media = e.getValue();
                    break;
                }
            }
        }
        JsonNode schema = media.path("schema");
        if (schema.isMissingNode()) {
            return "";
        }
        hoisted.add(schema.deepCopy());
        return "/" + HOISTED + "/" + (hoisted.size() - 1);
    }

    /** Follows a local {@code $ref} (e.g. to #/components/responses/NotFound). */
    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        Set<String> seen = new TreeSet<>();
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#") && seen.add(node.get("$ref").asText())) {
            node = spec.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    private static String basePath(JsonNode spec) {
        String url = spec.path("servers").path(0).path("url").asText("");
        try {
            String path = url.isEmpty() ? "" : URI.create(url).getPath();
            return path == null ? "" : path.replaceAll("/+$", "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String normalize(String template) {
        String p = template.replaceAll("\\{[^}]*}", "{}");
        return p.length() > 1 ? p.replaceAll("/+$", "") : p;
    }

    private String describe(Operation op) {
        return name + " " + op.method().toUpperCase() + " " + op.specPath();
    }

    private void fail(String what, List<String> violations) {
        if (!violations.isEmpty()) {
            throw new AssertionError(what + " violates " + name + " (" + violations.size() + " violation"
                    + (violations.size() == 1 ? "" : "s") + "):\n  - " + String.join("\n  - ", violations));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
