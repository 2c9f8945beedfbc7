package io.leadsync.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save replaces the file whole: a kill -9 in the middle of one leaves the previous content loadable. */
class StateFileTest {

    @TempDir
    Path dir;

    @Test
    void aSaveCutShortLeavesThePreviousDocument() throws Exception {
        StateFile file = new StateFile(dir.resolve("trello.json"));
        file.save("{\"cards\":1}".getBytes(StandardCharsets.UTF_8));
        // what a kill -9 halfway through the next save leaves: a partial temp file beside the saved one
        Files.writeString(dir.resolve("trello.json.tmp"), "{\"cards\":");

        assertThat(new StateFile(dir.resolve("trello.json")).load().get("cards").asInt()).isEqualTo(1);
    }

    @Test
    void anUnreadableFileIsNamedWithTheWayOut() throws Exception {
        Files.writeString(dir.resolve("trello.json"), "{\"cards\":");
        assertThatThrownBy(() -> new StateFile(dir.resolve("trello.json")).load())
                .hasMessageContaining(dir.resolve("trello.json").toString())
                .hasMessageContaining("leadsync.sandbox.reset=true");
    }

    @Test
    void nothingSavedYetLoadsAsNothing() {
        assertThat(new StateFile(dir.resolve("trello.json")).load()).isNull();
    }
}
