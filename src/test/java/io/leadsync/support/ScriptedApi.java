package io.leadsync.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

import io.leadsync.http.StopSignal;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * One service's API routes (routes/service-api.camel.yaml instantiated by routes/&lt;service&gt;-api.camel.yaml),
 * and any more route files, in a context of their own whose HTTP step is replaced by a scripted answer: route tests
 * without a service. The request route is advised by the type of its one {@code to}: its step ids come from a
 * template, and are not resolved yet when advice applies.
 */
public final class ScriptedApi {

    private ScriptedApi() {
    }

    /** Properties to start from for a read test: one attempt per read, and short waits (429s, retries). */
    public static Properties oneReadAttempt() {
        Properties p = new Properties();
        p.put("leadsync.retry.read-attempts", "1");
        p.put("leadsync.retry.read-delay", "10");
        p.put("leadsync.retry.rate-limit-waits", "1");
        return p;
    }

    /** Starts the context; {@code answer} plays the service for every request that reaches the HTTP step. */
    public static CamelContext start(String service, Properties properties, Processor answer, String... moreRoutes)
            throws Exception {
        return start(service, properties, answer, context -> { }, moreRoutes);
    }

    /**
     * The same, with the beans the more routes' steps name, bound by {@code beans} before the context starts. A null
     * {@code answer} leaves the HTTP step as it is: the routes then talk to the service (an emulator) at the URL the
     * properties name.
     */
    public static CamelContext start(String service, Properties properties, Processor answer,
                                     Consumer<CamelContext> beans, String... moreRoutes) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getRegistry().bind("stopSignal", new StopSignal());
        List<String> files = new ArrayList<>(List.of("api-errors", "service-api", service + "-api"));
        files.addAll(List.of(moreRoutes));
        for (String file : files) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveResource(context, "file:routes/" + file + ".camel.yaml"));
        }
        beans.accept(context);
        if (answer != null) {
            AdviceWith.adviceWith(context, service + "-request",
                    a -> a.weaveByType(ToDefinition.class).replace().process(answer));
        }
        context.start();
        return context;
    }
}
