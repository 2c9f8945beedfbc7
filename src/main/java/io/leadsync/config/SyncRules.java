package io.leadsync.config;

import io.leadsync.airtable.LeadSchema;
import io.leadsync.sync.MatchRule;
import io.leadsync.sync.SafetyRail;
import io.leadsync.sync.SyncPolicy;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * What every pair shares, bound from application.properties for {@link LeadsyncConfiguration}: the Airtable
 * table's field names, the conflict and deletion policy, the safety rail's limits and how a first sync matches.
 */
public final class SyncRules implements CamelConfiguration {

    @BindToRegistry("leadSchema")
    public LeadSchema leadSchema(@PropertyInject("leadsync.airtable.fields.name") String name,
            @PropertyInject("leadsync.airtable.fields.email") String email,
            @PropertyInject("leadsync.airtable.fields.source") String source,
            @PropertyInject("leadsync.airtable.fields.description") String description,
            @PropertyInject("leadsync.airtable.fields.status") String status,
            @PropertyInject("leadsync.airtable.fields.last-modified") String lastModified) {
        return new LeadSchema(name, email, source, description, status, lastModified);
    }

    @BindToRegistry("syncPolicy")
    public SyncPolicy syncPolicy(@PropertyInject("leadsync.conflicts.status") String status,
            @PropertyInject("leadsync.conflicts.content") String content,
            @PropertyInject("leadsync.deletions.item-gone") String itemGone,
            @PropertyInject("leadsync.deletions.item-gone-status") String itemGoneStatus) {
        return new SyncPolicy(SyncPolicy.Winner.parse(status), SyncPolicy.Winner.parse(content),
                SyncPolicy.ItemGone.parse(itemGone), Settings.blankAsNone(itemGoneStatus));
    }

    @BindToRegistry("safetyLimits")
    public SafetyRail.Limits safetyLimits(@PropertyInject("leadsync.safety.max-removals") int count,
            @PropertyInject("leadsync.safety.max-removals-percent") int percent) {
        return new SafetyRail.Limits(count, percent);
    }

    @BindToRegistry("matchRule")
    public MatchRule matchRule(@PropertyInject("leadsync.match") String match) {
        return MatchRule.parse(match);
    }
}
