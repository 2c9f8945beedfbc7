package io.leadsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** The {@code <pair>Mapping} bean as a user writes it in routes/*.camel.yaml (the README's example) binds as meant. */
class PairMappingYamlTest {

    static final String YAML = """
            - beans:
                - name: trelloMapping
                  type: io.leadsync.mapping.PairMapping
                  properties:
                    leadToTracker:
                      NEW: TODO
                      QUALIFIED: DONE
                    trackerToLead:
                      TODO: NEW
                      DONE: QUALIFIED
                    nameTemplate: "{Company}: {Name}"
                    descriptionTemplate: |-
                      Email: {Email|(none)}
                      Phone: {Phone}

                      {Description}

                      ---
                      {marker} synced from Airtable by leadsync
                    fields:
                      due: Deadline
                      labels: Tags
                      "custom:Budget": Budget
                    directions:
                      due: two-way
                      "custom:Budget": two-way
            """;

    @Test
    void theReadmesMappingBindsKeysTemplatesAndDirections() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("mapping.camel.yaml", YAML));
            context.start();
            PairMapping mapping = context.getRegistry().lookupByNameAndType("trelloMapping", PairMapping.class);

            assertThat(mapping.getNameTemplate()).isEqualTo("{Company}: {Name}");
            assertThat(mapping.getDescriptionTemplate()).isEqualTo("Email: {Email|(none)}\nPhone: {Phone}\n\n"
                    + "{Description}\n\n---\n{marker} synced from Airtable by leadsync");
            assertThat(mapping.fields()).isEqualTo(Map.of("due", "Deadline", "labels", "Tags",
                    "custom:Budget", "Budget"));
            assertThat(mapping.directions()).isEqualTo(Map.of("due", "two-way", "custom:Budget", "two-way"));
            assertThat(mapping.statuses().bucketFor("QUALIFIED")).isEqualTo("DONE");
        }
    }
}
