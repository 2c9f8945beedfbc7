package io.leadsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** No two classes share a simple name, main and test together: a name says which class it is without its package. */
class UniqueClassNamesTest {

    @Test
    void noTwoSourceFilesHaveTheSameName() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        Map<String, List<String>> byName = sources.stream().collect(Collectors.groupingBy(
                f -> f.getFileName().toString(), Collectors.mapping(Path::toString, Collectors.toList())));

        assertThat(byName).as("classes sharing a simple name").allSatisfy((name, paths) -> assertThat(paths)
                .as(name).hasSize(1));
    }
}
