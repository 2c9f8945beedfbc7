package io.leadsync.sandbox.airtable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Recursive-descent parser for the formula subset sync tools send. Precedence, lowest first: comparison,
 * {@code &}, {@code + -}, {@code * /}, unary minus. Literals and {@code {field}} names honour backslash
 * escapes, so an escaped value can never end its literal early and widen a filter.
 */
final class FormulaParser {

    private enum TokenType { NUMBER, STRING, FIELD, IDENT, LPAREN, RPAREN, COMMA, OP, END }

    private record Token(TokenType kind, String text, int at) {
    }

    private static final List<String> OPERATORS = List.of("!=", "<>", "<=", ">=", "=", "<", ">", "&", "+", "-", "*", "/");

    private final String text;
    private final Function<String, Field> fields;
    private final List<Token> tokens = new ArrayList<>();
    private final List<String> unknownFields = new ArrayList<>();
    private int pos;

    FormulaParser(String text, Function<String, Field> fields) {
        this.text = text;
        this.fields = fields;
    }

    CompiledFormula.Node parse() {
        tokenize();
        if (peek().kind == TokenType.END) {
            throw invalid();
        }
        CompiledFormula.Node root = comparison();
        if (peek().kind != TokenType.END) {
            throw invalid();
        }
        if (!unknownFields.isEmpty()) {
            throw new FormulaException("Unknown field names: " + String.join(", ", unknownFields));
        }
        return root;
    }

    private CompiledFormula.Node comparison() {
        CompiledFormula.Node left = concat();
        while (peekOp("=", "!=", "<>", "<", ">", "<=", ">=")) {
            String op = next().text;
            left = new CompiledFormula.Binary(op.equals("<>") ? "!=" : op, left, concat());
        }
        return left;
    }

    private CompiledFormula.Node concat() {
        CompiledFormula.Node left = additive();
        while (peekOp("&")) {
            next();
            left = new CompiledFormula.Binary("&", left, additive());
        }
        return left;
    }

    private CompiledFormula.Node additive() {
        CompiledFormula.Node left = term();
        while (peekOp("+", "-")) {
            String op = next().text;
            left = new CompiledFormula.Binary(op, left, term());
        }
        return left;
    }

    private CompiledFormula.Node term() {
        CompiledFormula.Node left = unary();
        while (peekOp("*", "/")) {
            String op = next().text;
            left = new CompiledFormula.Binary(op, left, unary());
        }
        return left;
    }

    private CompiledFormula.Node unary() {
        if (peekOp("-")) {
            next();
            return new CompiledFormula.Binary("-", new CompiledFormula.Literal(0.0), unary());
        }
        return primary();
    }

    private CompiledFormula.Node primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER:
                return new CompiledFormula.Literal(Double.valueOf(t.text));
            case STRING:
                return new CompiledFormula.Literal(t.text);
            case FIELD:
                return fieldRef(t.text);
            case LPAREN: {
                CompiledFormula.Node inner = comparison();
                expect(TokenType.RPAREN);
                return inner;
            }
            case IDENT:
                if (peek().kind == TokenType.LPAREN) {
                    next();
                    return call(t.text.toUpperCase(Locale.ROOT), arguments());
                }
                String upper = t.text.toUpperCase(Locale.ROOT);
                if (upper.equals("TRUE") || upper.equals("FALSE")) {
                    return new CompiledFormula.Literal(upper.equals("TRUE"));
                }
                return fieldRef(t.text); // Airtable accepts bare single-word field names
            default:
                throw invalid();
        }
    }

    private List<CompiledFormula.Node> arguments() {
        List<CompiledFormula.Node> args = new ArrayList<>();
        if (peek().kind == TokenType.RPAREN) {
            next();
            return args;
        }
        do {
            args.add(comparison());
        } while (peek().kind == TokenType.COMMA && next() != null);
        expect(TokenType.RPAREN);
        return args;
    }

    private CompiledFormula.Node call(String name, List<CompiledFormula.Node> args) {
        int[] arity = FormulaFunctions.arity(name);
        if (arity == null) {
            throw new FormulaException("Unknown function names: " + name);
        }
        if (args.size() < arity[0] || args.size() > arity[1]) {
            throw invalid();
        }
        if (name.equals("LAST_MODIFIED_TIME")) {
            for (CompiledFormula.Node arg : args) {
                if (arg instanceof CompiledFormula.FieldRef ref && ref.field().type.computed()) {
                    throw new FormulaException("LAST_MODIFIED_TIME of the computed field " + ref.field().name
                            + " is not supported by the emulator");
                }
                if (!(arg instanceof CompiledFormula.FieldRef) && unknownFields.isEmpty()) {
                    throw invalid(); // only field references
                }
            }
        }
        return new CompiledFormula.Call(name, List.copyOf(args));
    }

    private CompiledFormula.Node fieldRef(String name) {
        Field field = fields.apply(name);
        if (field == null) {
            unknownFields.add(name);
            return new CompiledFormula.Literal(null);
        }
        return new CompiledFormula.FieldRef(field);
    }

    private boolean peekOp(String... ops) {
        Token t = peek();
        return t.kind == TokenType.OP && List.of(ops).contains(t.text);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != TokenType.END) {
            pos++;
        }
        return t;
    }

    private void expect(TokenType kind) {
        if (next().kind != kind) {
            throw invalid();
        }
    }

    private FormulaException invalid() {
        return new FormulaException("Invalid formula. Please check your formula text.");
    }

    private void tokenize() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '{') {
                i = quoted(i, '}', TokenType.FIELD);
            } else if (c == '\'' || c == '"') {
                i = quoted(i, c, TokenType.STRING);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                String number = text.substring(start, i);
                if (number.indexOf('.') != number.lastIndexOf('.')) {
                    throw invalid();
                }
                tokens.add(new Token(TokenType.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(TokenType.IDENT, text.substring(start, i), start));
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? TokenType.LPAREN : c == ')' ? TokenType.RPAREN : TokenType.COMMA, String.valueOf(c), i));
                i++;
            } else {
                String op = operatorAt(i);
                tokens.add(new Token(TokenType.OP, op, i));
                i += op.length();
            }
        }
        tokens.add(new Token(TokenType.END, "", text.length()));
    }

    private String operatorAt(int i) {
        for (String op : OPERATORS) {
            if (text.startsWith(op, i)) {
                return op;
            }
        }
        throw invalid();
    }

    /** Reads a literal closed by {@code close}; a backslash escapes the next character. */
    private int quoted(int start, char close, TokenType kind) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char escaped = text.charAt(i + 1);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> escaped;
                });
                i += 2;
            } else if (c == close) {
                tokens.add(new Token(kind, value.toString(), start));
                return i + 1;
            } else {
                value.append(c);
                i++;
            }
        }
        throw invalid();
    }
}
