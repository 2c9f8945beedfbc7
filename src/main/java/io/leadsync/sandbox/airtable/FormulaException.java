package io.leadsync.sandbox.airtable;

/**
 * A filterByFormula text that does not parse, names unknown fields or functions, or asks for something the emulator
 * does not compute the way Airtable does (the API answers 422 INVALID_FILTER_BY_FORMULA).
 */
final class FormulaException extends RuntimeException {

    FormulaException(String message) {
        super(message);
    }
}
