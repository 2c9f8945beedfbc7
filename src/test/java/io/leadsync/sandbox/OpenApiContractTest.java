package io.leadsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiContractTest {

    private static final String SPEC_30 = """
            {"openapi": "3.0.0", "servers": [{"url": "https://api.example.com/1"}],
             "paths": {
               "/things/{id}": {"get": {"responses": {
                  "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "default": {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
               "/things": {"post": {
                  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["name"],
                      "properties": {"name": {"type": "string"}}}}}},
                  "responses": {"200": {"description": "no schema"}}}}},
             "components": {
               "schemas": {
                 "Id": {"type": "string", "pattern": "^[0-9a-f]{24}$"},
                 "Thing": {"type": "object", "required": ["id"], "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "due": {"type": "string", "format": "date-time", "nullable": true},
                    "pos": {"type": "number"}}},
                 "Error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"}}}},
               "responses": {"NotFound": {"description": "nf", "content": {"application/json": {"schema": {"type": "string"}}}}}}}
            """;

    private static final String SPEC_31_YAML = """
            openapi: 3.1.0
            servers: [{url: "https://api.example.com/v2"}]
            paths:
              /task/{task_id}:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Task'}
                    4XX:
                      description: client error
                      content:
                        application/json:
                          schema: {type: object, required: [err]}
            components:
              schemas:
                Task:
                  type: object
                  required: [id, due_date]
                  properties:
                    id: {type: string}
                    due_date: {type: [string, 'null']}
            """;

    @TempDir
    Path dir;

    private OpenApiContract spec30() throws IOException {
        return OpenApiContract.load(Files.writeString(dir.resolve("things.json"), SPEC_30));
    }

    @Test
    void acceptsAResponseThatMatchesTheReferencedSchemaIncludingNullable() throws IOException {
        OpenApiContract contract = spec30();
        assertThatCode(() -> contract.assertResponseMatches("GET", "/things/{id}", 200,
                "{\"id\":\"0123456789abcdef01234567\",\"due\":null,\"pos\":65535,\"extra\":true}"))
                .doesNotThrowAnyException();
    }

    @Test
    void listsEveryViolationWithItsLocation() throws IOException {
        OpenApiContract contract = spec30();
        assertThatThrownBy(() -> contract.assertResponseMatches("GET", "/things/{id}", 200,
                "{\"id\":\"nothex\",\"due\":\"yesterday\",\"pos\":\"top\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("3 violations")
                .hasMessageContaining("$.id")
                .hasMessageContaining("$.due")
                .hasMessageContaining("$.pos")
                .hasMessageContaining("#/components/schemas/Id");
    }

    @Test
    void serverBasePathAndParameterNamesDoNotMatter() throws IOException {
        OpenApiContract contract = spec30();
        assertThat(contract.responseViolations("get", "/1/things/{thingId}/", 200, "{\"id\":\"0123456789abcdef01234567\"}"))
                .isEmpty();
    }

    @Test
    void followsResponseRefsForDocumentedErrorStatuses() throws IOException {
        OpenApiContract contract = spec30();
        assertThatCode(() -> contract.assertResponseMatches("GET", "/things/{id}", 404, "\"not found\""))
                .doesNotThrowAnyException();
        assertThat(contract.responseViolations("GET", "/things/{id}", 404, "The requested resource was not found."))
                .singleElement().asString().startsWith("body is not JSON");
    }

    @Test
    void undocumentedStatusIsCheckedAgainstTheDefaultResponse() throws IOException {
        OpenApiContract contract = spec30();
        assertThat(contract.responseViolations("GET", "/things/{id}", 500, "{\"code\":\"E\",\"message\":\"boom\"}")).isEmpty();
        assertThat(contract.responseViolations("GET", "/things/{id}", 500, "{\"error\":\"boom\"}")).isNotEmpty();
    }

    @Test
    void undocumentedStatusWithoutDefaultFails() throws IOException {
        OpenApiContract contract = spec30();
        assertThatThrownBy(() -> contract.assertResponseMatches("POST", "/things", 429, "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not document status 429")
                .hasMessageContaining("[200]");
    }

    @Test
    void unknownOperationFails() throws IOException {
        OpenApiContract contract = spec30();
        assertThatThrownBy(() -> contract.assertResponseMatches("DELETE", "/things/{id}", 200, "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("documents no operation DELETE /things/{id}");
    }

    @Test
    void responseWithoutSchemaAcceptsAnyJson() throws IOException {
        OpenApiContract contract = spec30();
        assertThat(contract.responseViolations("POST", "/things", 200, "{\"anything\":[1,2]}")).isEmpty();
    }

    @Test
    void checksRequestBodies() throws IOException {
        OpenApiContract contract = spec30();
        assertThatCode(() -> contract.assertRequestBodyMatches("POST", "/1/things", "{\"name\":\"x\"}"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> contract.assertRequestBodyMatches("POST", "/1/things", "{\"name\":1}"))
                .hasMessageContaining("$.name");
        assertThatThrownBy(() -> contract.assertRequestBodyMatches("GET", "/things/{id}", "{}"))
                .hasMessageContaining("documents no JSON request body");
    }

    @Test
    void readsOpenApi31YamlWithStatusRanges() throws IOException {
        OpenApiContract contract = OpenApiContract.load(Files.writeString(dir.resolve("tasks.yaml"), SPEC_31_YAML));
        assertThat(contract.responseViolations("GET", "/v2/task/{id}", 200, "{\"id\":\"abc\",\"due_date\":null}")).isEmpty();
        assertThat(contract.responseViolations("GET", "/task/{id}", 200, "{\"id\":1}")).hasSize(2);
        assertThat(contract.responseViolations("GET", "/task/{id}", 404, "{\"err\":\"Task not found\"}")).isEmpty();
    }

    @Test
    void loadsTheThreeVendorSpecs() {
        OpenApiContract trello = OpenApiContract.vendor("trello-openapi.json");
        assertThat(trello.responseViolations("GET", "/1/cards/{id}", 200,
                "{\"id\":\"5abbe4b7ddc1b351ef961414\",\"closed\":false,\"due\":null,\"idShort\":1}")).isEmpty();
        OpenApiContract clickUp = OpenApiContract.vendor("clickup-openapi.json");
        assertThatThrownBy(() -> clickUp.assertResponseMatches("GET", "/api/v2/nowhere", 200, "{}"))
                .hasMessageContaining("documents no operation");
        OpenApiContract airtable = OpenApiContract.vendor("airtable-community-openapi.yml");
        assertThatThrownBy(() -> airtable.assertResponseMatches("GET", "/v0/nowhere/{x}/{y}/{z}", 200, "{}"))
                .hasMessageContaining("documents no operation");
    }
}
