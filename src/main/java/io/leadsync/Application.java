package io.leadsync;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts leadsync. Routes and settings are read from ./routes and ./application.properties when the working
 * directory has them (so a user edits them in place), else from the copies built into the jar.
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        if (Files.isRegularFile(Path.of("application.properties"))) {
            main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        }
        if (!Files.isDirectory(Path.of("routes"))) {
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:routes/*.camel.yaml");
            main.addOverrideProperty("camel.main.routes-reload-enabled", "false");
        }
        try {
            main.run(args);
        } catch (Exception e) {
            // configuration problems are ours to explain in one line; anything else keeps its stack trace
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            if (cause instanceof IllegalStateException) {
                LOG.error("leadsync cannot start: {}", cause.getMessage());
                System.exit(2);
            }
            throw e;
        }
    }
}
