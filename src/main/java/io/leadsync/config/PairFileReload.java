package io.leadsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spi.ResourceReloadStrategy;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's reload of an edited routes file (camel.main.routes-reload-*) updates its beans, routes and route
 * templates, but not its templatedRoutes (Camel 4.18: RouteBuilder#updateRoutesToCamelContext leaves them out). A
 * pair is a templatedRoute of the sync-cycle template, so this step follows Camel's: the pairs a reloaded file
 * declares are made, and one whose parameters changed is made anew (its route is replaced; {@link Pairs} then builds
 * its beans for what it now connects). A pair whose parameters did not change keeps running as it was (a mapping
 * edit is picked up by its next cycle). A pair whose file is deleted keeps running until the next start.
 */
final class PairFileReload implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(PairFileReload.class);
    static final String TEMPLATE = "sync-cycle";

    private final CamelContext context;
    private final ResourceReload camels;
    /** What was last reported per file: a failure is said once per state of the file. */
    private final Map<String, String> reported = new java.util.concurrent.ConcurrentHashMap<>();

    private PairFileReload(CamelContext context, ResourceReload camels) {
        this.context = context;
        this.camels = camels;
    }

    /** After Camel's reload strategy started: wraps its reload step (none when reloading is off). */
    static void install(CamelContext context) {
        ResourceReloadStrategy strategy = context.hasService(ResourceReloadStrategy.class);
        if (strategy != null && strategy.getResourceReload() != null
                && !(strategy.getResourceReload() instanceof PairFileReload)) {
            strategy.setResourceReload(new PairFileReload(context, strategy.getResourceReload()));
        }
    }

    @Override
    public void onReload(String name, Resource resource) throws Exception {
        camels.onReload(name, resource);
        if (!name.endsWith(".yaml") || !resource.exists()) {
            return;
        }
        List<Map<String, Object>> pairs;
        try {
            pairs = pairsIn(resource);
        } catch (RuntimeException | IOException e) {
            return; // unreadable YAML: Camel's reload has reported it (ReloadErrorReport)
        }
        for (Map<String, Object> pair : pairs) {
            try {
                add(pair);
                reported.remove(name);
            } catch (Exception e) {
                String reason = "Cannot add the pair of " + name + ": " + rootMessage(e);
                if (!reason.equals(reported.put(name, reason))) {
                    LOG.error("{}; fix the file and save it again", reason);
                }
            }
        }
    }

    /** The templatedRoutes of the sync-cycle template in the file: routeId and parameters by name. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> pairsIn(Resource resource) throws IOException {
        String text;
        try (InputStream in = resource.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Object document = new Load(LoadSettings.builder().build()).loadFromString(text);
        if (!(document instanceof List<?> items)) {
            return List.of();
        }
        return items.stream().filter(i -> i instanceof Map<?, ?> m && m.get("templatedRoute") instanceof Map)
                .map(i -> (Map<String, Object>) ((Map<?, ?>) i).get("templatedRoute"))
                .filter(t -> TEMPLATE.equals(t.get("routeTemplateRef"))).toList();
    }

    @SuppressWarnings("unchecked")
    private void add(Map<String, Object> templated) throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        Object listed = templated.get("parameters");
        if (listed instanceof List<?> list) {
            for (Object p : list) {
                Map<String, Object> parameter = (Map<String, Object>) p;
                parameters.put(String.valueOf(parameter.get("name")), String.valueOf(parameter.get("value")));
            }
        }
        Object pair = parameters.get("pair");
        if (pair == null) {
            throw new IllegalStateException("its templatedRoute of " + TEMPLATE + " has no parameter 'pair'");
        }
        String routeId = templated.get("routeId") != null ? templated.get("routeId").toString() : pair + "-sync";
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition existing = model.getRouteDefinition(routeId);
        if (existing != null && sameParameters(model, existing.getTemplateParameters(), parameters)) {
            return; // the same pair: it keeps running
        }
        if (existing != null) {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
            LOG.info("pair {}: its file changed what it connects; its route is made anew", pair);
        } else {
            LOG.info("pair {} added by a new file: it connects before its first cycle", pair);
        }
        model.addRouteFromTemplate(routeId, TEMPLATE, parameters);
        Route route = context.getRoute(routeId);
        if (route == null) {
            throw new IllegalStateException("its route " + routeId + " was not made");
        }
    }

    /** The same values, a parameter left out counting as its default. */
    private static boolean sameParameters(Model model, Map<String, Object> before, Map<String, Object> now) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        model.getRouteTemplateDefinition(TEMPLATE).getTemplateParameters()
                .forEach(p -> defaults.put(p.getName(), p.getDefaultValue()));
        java.util.Set<String> keys = new java.util.HashSet<>(now.keySet());
        if (before != null) {
            keys.addAll(before.keySet());
        }
        for (String key : keys) {
            Object was = before == null ? null : before.getOrDefault(key, defaults.get(key));
            Object is = now.getOrDefault(key, defaults.get(key));
            if (!Objects.equals(was == null ? null : was.toString(), is == null ? null : is.toString())) {
                return false;
            }
        }
        return true;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }
}
