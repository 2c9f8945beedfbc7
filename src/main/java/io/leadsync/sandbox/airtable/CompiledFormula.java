package io.leadsync.sandbox.airtable;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed {@code filterByFormula}: a tree of nodes evaluated per record. Evaluation errors (Airtable's
 * {@code #ERROR!}) make the record not match, as do 0, false, "", NaN and blank results. What the emulator cannot
 * compute as Airtable does is a {@link FormulaException}, at parse or evaluation time, never a different result.
 */
final class CompiledFormula {

    /** What a formula can read about the record being filtered. */
    interface Row {
        Object field(Field field);

        String recordId();

        Instant createdTime();

        Instant lastModifiedTime();

        /** When the field's cell last changed, null if it never held a value. */
        Instant lastModifiedTime(Field field);
    }

    /** Evaluation state shared by the nodes: the row and the instant NOW() returns. */
    record Scope(Row row, Instant now) {
    }

    /** An evaluation error, Airtable's #ERROR! value. */
    static final class EvalError extends RuntimeException {
        EvalError(String message) {
            super(message, null, false, false);
        }
    }

    sealed interface Node permits Literal, FieldRef, Call, Binary {
        Object eval(Scope scope);
    }

    record Literal(Object value) implements Node {
        public Object eval(Scope scope) {
            return value;
        }
    }

    record FieldRef(Field field) implements Node {
        public Object eval(Scope scope) {
            return scope.row().field(field);
        }
    }

    record Call(String name, List<Node> args) implements Node {
        public Object eval(Scope scope) {
            return FormulaFunctions.call(name, args, scope);
        }
    }

    record Binary(String op, Node left, Node right) implements Node {
        public Object eval(Scope scope) {
            return FormulaFunctions.binary(op, left.eval(scope), right.eval(scope));
        }
    }

    private final Node root;

    private CompiledFormula(Node root) {
        this.root = root;
    }

    /** Parses the text; field references resolve through the lookup (null = unknown field). */
    static CompiledFormula parse(String text, Function<String, Field> fields) {
        return new CompiledFormula(new FormulaParser(text, fields).parse());
    }

    /** Whether the record passes the filter. */
    boolean matches(Row row, Instant now) {
        try {
            return FormulaFunctions.truthy(root.eval(new Scope(row, now)));
        } catch (EvalError e) {
            return false;
        }
    }

    /** The raw result, for tests of the evaluator. */
    Object evaluate(Row row, Instant now) {
        return root.eval(new Scope(row, now));
    }
}
