package io.leadsync.support;

import java.util.Map;
import java.util.Properties;

import io.leadsync.dashboard.DashboardFiles;
import io.leadsync.dashboard.ManagementServer;
import io.leadsync.dashboard.OperatorAccess;
import io.leadsync.dashboard.SandboxView;
import io.leadsync.webhooks.WebhookServer;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Dashboard routes under test on Camel's management server, on a free loopback port: a context with the beans every
 * dashboard route file needs (operatorAccess, dashboardFiles, sandboxView), the test's own beans, and
 * routes/&lt;file&gt;.camel.yaml for each file named, as leadsync wires them; started by the caller.
 */
public final class DashboardServer {

    private final CamelContext context = new DefaultCamelContext();
    private final String url;

    /**
     * @param access the operatorAccess bean (null: loopback, no token)
     * @param beans  more beans by name
     * @param files  route files under routes/, without .camel.yaml
     */
    public DashboardServer(OperatorAccess access, Map<String, Object> beans, String... files) throws Exception {
        Properties p = new Properties();
        p.put("leadsync.management.enabled", "true");
        context.getPropertiesComponent().setInitialProperties(p);
        context.getRegistry().bind("operatorAccess", access == null ? new OperatorAccess("127.0.0.1", null) : access);
        context.getRegistry().bind("dashboardFiles", new DashboardFiles());
        context.getRegistry().bind("sandboxView", new SandboxView(context));
        beans.forEach(context.getRegistry()::bind);
        url = "http://127.0.0.1:" + ManagementServer.install(context, "127.0.0.1", WebhookServer.resolvePort(0));
        for (String file : files) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveResource(context, "file:routes/" + file + ".camel.yaml"));
        }
    }

    public CamelContext context() {
        return context;
    }

    /** http://127.0.0.1:&lt;port&gt; */
    public String url() {
        return url;
    }
}
