package io.leadsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.leadsync.airtable.Lead;
import io.leadsync.tracker.TrackerItem;

/**
 * How a lead without an item finds one made before leadsync (no marker) instead of getting a second one
 * ({@code leadsync.match}): by name (the item's name equals the lead's rendered name), by email (the lead's email
 * appears in the item's name or description), both (the default), or off (create only). Case is ignored.
 */
public final class MatchRule {

    public enum By { NAME, EMAIL }

    private static final Pattern EMAIL = Pattern.compile("[\\w.+%-]+@[\\w-]+(?:\\.[\\w-]+)+");

    private final Set<By> by;

    private MatchRule(Set<By> by) {
        this.by = by;
    }

    public static MatchRule defaults() {
        return new MatchRule(EnumSet.allOf(By.class));
    }

    /** "name,email" (default), "name", "email" or "off". */
    public static MatchRule parse(String value) {
        if (value == null || value.isBlank()) {
            return defaults();
        }
        Set<By> by = EnumSet.noneOf(By.class);
        for (String part : value.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if ("OFF".equals(p)) {
                return new MatchRule(by);
            }
            try {
                by.add(By.valueOf(p));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("leadsync.match = '" + value + "': use name,email, name, email or off");
            }
        }
        return new MatchRule(by);
    }

    public boolean off() {
        return by.isEmpty();
    }

    /**
     * The candidates each lead matches (record id -> items, leads with none left out).
     *
     * @param nameOf the lead's rendered item name
     * @param emailOf the lead's email ("" when it has none)
     */
    Map<String, List<TrackerItem>> match(Collection<Lead> leads, Collection<TrackerItem> candidates,
                                         Function<Lead, String> nameOf, Function<Lead, String> emailOf) {
        Map<String, List<TrackerItem>> byName = new HashMap<>();
        Map<String, List<TrackerItem>> byEmail = new HashMap<>();
        for (TrackerItem item : candidates) {
            if (by.contains(By.NAME)) {
                byName.computeIfAbsent(key(item.name()), k -> new ArrayList<>()).add(item);
            }
            if (by.contains(By.EMAIL)) {
                Matcher m = EMAIL.matcher(item.name() + "\n" + item.description());
                while (m.find()) {
                    List<TrackerItem> list = byEmail.computeIfAbsent(key(m.group()), k -> new ArrayList<>());
                    if (!list.contains(item)) {
                        list.add(item);
                    }
                }
            }
        }
        Map<String, List<TrackerItem>> out = new LinkedHashMap<>();
        for (Lead lead : leads) {
            List<TrackerItem> found = new ArrayList<>(byName.getOrDefault(key(nameOf.apply(lead)), List.of()));
            String email = key(emailOf.apply(lead));
            if (!email.isEmpty()) {
                byEmail.getOrDefault(email, List.of()).stream().filter(i -> !found.contains(i)).forEach(found::add);
            }
            if (!found.isEmpty()) {
                out.put(lead.id(), found);
            }
        }
        return out;
    }

    private static String key(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}
