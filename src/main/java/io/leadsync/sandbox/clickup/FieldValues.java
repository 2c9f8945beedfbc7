package io.leadsync.sandbox.clickup;

import java.math.BigDecimal;
import java.net.URI;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A custom field value as Set Custom Field and a create's {@code custom_fields} take it, checked against the field's
 * type and turned into the form a task's {@code custom_fields[].value} shows (ClickUp's OpenAPI request shapes and
 * its Get Task example): text types stay strings; number and currency come back as strings ("8"); a date is Unix
 * milliseconds, shown as a string; a drop_down takes an option's id or orderindex and shows the orderindex; a
 * checkbox takes a boolean and shows it as a string (UNCONFIRMED). A refusal is 400 FIELD_011; only the drop_down
 * message is measured ("Value must be an option index or uuid"), the others are UNCONFIRMED.
 */
final class FieldValues {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+\\d[\\d ]{5,}");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private FieldValues() {
    }

    /** The value as a task shows it; throws the API's refusal when the field's type does not take it. */
    static JsonNode shown(ClickUpCustomField field, JsonNode value) {
        return switch (field.type()) {
            case "short_text", "text" -> text(field, value);
            case "email" -> matching(field, value, EMAIL);
            case "phone" -> matching(field, value, PHONE);
            case "url" -> url(field, value);
            case "number", "currency" -> TextNode.valueOf(number(field, value).stripTrailingZeros().toPlainString());
            case "date" -> {
                BigDecimal millis = number(field, value);
                if (millis.stripTrailingZeros().scale() > 0) {
                    throw invalid(field);
                }
                yield TextNode.valueOf(millis.toBigInteger().toString());
            }
            case "checkbox" -> {
                if (!value.isBoolean()) {
                    throw invalid(field);
                }
                yield TextNode.valueOf(Boolean.toString(value.booleanValue()));
            }
            case "drop_down" -> IntNode.valueOf(option(field, value).orderindex());
            default -> value;
        };
    }

    private static JsonNode text(ClickUpCustomField field, JsonNode value) {
        if (!value.isTextual()) {
            throw invalid(field);
        }
        return value;
    }

    private static JsonNode matching(ClickUpCustomField field, JsonNode value, Pattern pattern) {
        if (!value.isTextual() || !pattern.matcher(value.asText()).matches()) {
            throw invalid(field);
        }
        return value;
    }

    private static JsonNode url(ClickUpCustomField field, JsonNode value) {
        text(field, value);
        try {
            URI uri = new URI(value.asText());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw invalid(field);
            }
        } catch (java.net.URISyntaxException e) {
            throw invalid(field);
        }
        return value;
    }

    private static BigDecimal number(ClickUpCustomField field, JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && NUMBER.matcher(value.asText()).matches()) {
            return new BigDecimal(value.asText());
        }
        throw invalid(field);
    }

    /** An option named by its id, or by its orderindex (a number, or a string of digits). */
    private static ClickUpCustomField.Option option(ClickUpCustomField field, JsonNode value) {
        for (ClickUpCustomField.Option o : field.options()) {
            if (value.isTextual() && (o.id().equals(value.asText()) || Integer.toString(o.orderindex())
                    .equals(value.asText())) || value.isInt() && o.orderindex() == value.intValue()) {
                return o;
            }
        }
        throw ApiError.fieldValueInvalid("Value must be an option index or uuid");
    }

    private static ApiError invalid(ClickUpCustomField field) {
        return ApiError.fieldValueInvalid("Value is not a valid " + field.type());
    }
}
