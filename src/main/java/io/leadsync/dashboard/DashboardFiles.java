package io.leadsync.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * The dashboard's static files, from the jar (src/main/resources/dashboard/), bound as {@code dashboardFiles}: only
 * plain names with a known extension, so no path reaches anything else; an unknown one answers 404.
 */
public final class DashboardFiles {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png");

    /** The file's bytes as the body, with its content type; 404 when there is no such file. */
    public void serve(@Header("file") String file, Exchange exchange) throws IOException {
        String name = file == null || file.isEmpty() ? "index.html" : file;
        byte[] bytes = NAME.matcher(name).matches() ? read(name) : null;
        exchange.getMessage().removeHeaders("*");
        if (bytes == null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getMessage().setBody("not found");
            return;
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        exchange.getMessage().setBody(bytes);
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = DashboardFiles.class.getResourceAsStream("/dashboard/" + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
