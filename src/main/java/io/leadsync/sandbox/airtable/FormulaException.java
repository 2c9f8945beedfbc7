package io.leadsync.sandbox.airtable;

/** A filterByFormula text that does not parse, or names unknown fields or functions. */
final class FormulaException extends RuntimeException {

    FormulaException(String message) {
        super(message);
    }
}
