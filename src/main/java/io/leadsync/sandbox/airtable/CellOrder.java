package io.leadsync.sandbox.airtable;

import java.time.Instant;
import java.util.Comparator;

/** Sort order of cell values: empty cells first, numbers numerically, text case-insensitively. */
enum CellOrder implements Comparator<Object> {
    INSTANCE;

    @Override
    public int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        String x = FormulaFunctions.text(a);
        String y = FormulaFunctions.text(b);
        int folded = String.CASE_INSENSITIVE_ORDER.compare(x, y);
        return folded != 0 ? folded : x.compareTo(y);
    }
}
