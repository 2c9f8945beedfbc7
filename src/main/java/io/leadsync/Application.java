package io.leadsync;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;

/**
 * Starts leadsync. Routes and settings are read from ./routes and ./application.properties when the working
 * directory has them (so a user edits them in place), else from the copies built into the jar.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main(Application.class);
        if (Files.isRegularFile(Path.of("application.properties"))) {
            main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        }
        if (!Files.isDirectory(Path.of("routes"))) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
            main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        }
        main.run(args);
    }
}
