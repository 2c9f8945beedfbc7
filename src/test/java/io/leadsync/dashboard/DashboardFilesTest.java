package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The dashboard's files (src/main/resources/dashboard/) as written: everything the page loads comes from leadsync
 * itself (no CDN, no font or script from elsewhere: it works offline and tells no third party who looks), and data
 * reaches the page as text only (no HTML parsing of any value).
 */
class DashboardFilesTest {

    private static final Path FILES = Path.of("src/main/resources/dashboard");

    private static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(FILES)) {
            return files.filter(f -> f.toString().matches(".*\\.(html|js|css)$")).sorted().toList();
        }
    }

    @Test
    void nothingIsLoadedFromAnotherSite() throws IOException {
        assertThat(files()).isNotEmpty().allSatisfy(file -> assertThat(Files.readString(file)).as(file.toString())
                .doesNotContain("http://", "https://", "src=\"//", "href=\"//", "url(", "@import"));
    }

    @Test
    void noValueIsEverParsedAsHtml() throws IOException {
        assertThat(files()).filteredOn(f -> f.toString().endsWith(".js")).isNotEmpty().allSatisfy(file ->
                assertThat(Files.readString(file)).as(file.toString())
                        .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("));
    }
}
