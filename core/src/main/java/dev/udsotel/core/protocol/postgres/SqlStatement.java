package dev.udsotel.core.protocol.postgres;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What the SQL text of a Query or Parse message shows: the operation keyword and first table of its first
 * statement, and the text with its literals replaced.
 *
 * @param operation such as {@code SELECT}, or null when the first keyword is cut or not a known command
 * @param collection the table after FROM, INTO or UPDATE, as PostgreSQL names it, or null
 * @param sanitizedText the whole text with every string and number literal replaced by {@code ?}, or null
 *     when the capture cut the text
 */
record SqlStatement(String operation, String collection, String sanitizedText) {
    private static final Set<String> OPERATIONS = Set.of(
            "ABORT",
            "ALTER",
            "ANALYZE",
            "BEGIN",
            "CALL",
            "CHECKPOINT",
            "CLOSE",
            "CLUSTER",
            "COMMENT",
            "COMMIT",
            "COPY",
            "CREATE",
            "DEALLOCATE",
            "DECLARE",
            "DELETE",
            "DISCARD",
            "DO",
            "DROP",
            "END",
            "EXECUTE",
            "EXPLAIN",
            "FETCH",
            "GRANT",
            "IMPORT",
            "INSERT",
            "LISTEN",
            "LOAD",
            "LOCK",
            "MERGE",
            "MOVE",
            "NOTIFY",
            "PREPARE",
            "REASSIGN",
            "REFRESH",
            "REINDEX",
            "RELEASE",
            "RESET",
            "REVOKE",
            "ROLLBACK",
            "SAVEPOINT",
            "SECURITY",
            "SELECT",
            "SET",
            "SHOW",
            "START",
            "TABLE",
            "TRUNCATE",
            "UNLISTEN",
            "UPDATE",
            "VACUUM",
            "VALUES",
            "WITH");
    /** What a WITH clause can lead to. */
    private static final Set<String> AFTER_WITH =
            Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE");

    private static final int LONGEST_QUALIFIED_NAME = 3;
    private static final int LONGEST_COLLECTION = 200;

    /**
     * @param complete whether the text ends at {@code limit}; when false the capture cut it there
     */
    static SqlStatement of(byte[] bytes, int from, int limit, boolean complete) {
        List<SqlToken> tokens = SqlLexer.tokens(bytes, from, limit, complete);
        int operationAt = operationIndex(bytes, tokens);
        String operation = operationAt < 0 ? null : tokens.get(operationAt).upperCaseText(bytes);
        String collection = operation == null ? null : collection(bytes, tokens, operationAt, operation);
        return new SqlStatement(operation, collection, complete ? sanitized(bytes, from, limit, tokens) : null);
    }

    /** {@code SELECT users}, {@code BEGIN}; null without an operation. */
    String summary() {
        if (operation == null) {
            return null;
        }
        return collection == null ? operation : operation + " " + collection;
    }

    /** The index of the operation keyword of the first statement, looking past a WITH clause; -1 if unknown. */
    private static int operationIndex(byte[] bytes, List<SqlToken> tokens) {
        int first = 0;
        while (first < tokens.size() && tokens.get(first).isPunctuation(bytes, '(')) {
            first++;
        }
        if (first >= tokens.size()) {
            return -1;
        }
        SqlToken keyword = tokens.get(first);
        if (keyword.type() != SqlToken.Type.WORD
                || !keyword.closed()
                || !OPERATIONS.contains(keyword.upperCaseText(bytes))) {
            return -1;
        }
        if (!keyword.isWord(bytes, "WITH")) {
            return first;
        }
        for (int i = first + 1; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isPunctuation(bytes, ';') && token.depth() == keyword.depth()) {
                return -1;
            }
            if (token.depth() == keyword.depth()
                    && token.type() == SqlToken.Type.WORD
                    && token.closed()
                    && AFTER_WITH.contains(token.upperCaseText(bytes))) {
                return i;
            }
        }
        return -1;
    }

    /** The first table the operation names, when the SQL makes that plain. */
    private static String collection(byte[] bytes, List<SqlToken> tokens, int operationAt, String operation) {
        String marker = switch (operation) {
            case "SELECT", "DELETE" -> "FROM";
            case "INSERT", "MERGE" -> "INTO";
            case "UPDATE" -> "UPDATE";
            default -> null;
        };
        if (marker == null) {
            return null;
        }
        int depth = tokens.get(operationAt).depth();
        int i = marker.equals(operation) ? operationAt : -1;
        for (int k = operationAt; i < 0 && k < tokens.size(); k++) {
            SqlToken token = tokens.get(k);
            if (token.depth() == depth && token.isPunctuation(bytes, ';')) {
                return null;
            }
            if (token.depth() == depth && token.isWord(bytes, marker)) {
                i = k;
            }
        }
        if (i < 0) {
            return null;
        }
        i++;
        if (i < tokens.size() && tokens.get(i).isWord(bytes, "ONLY")) {
            i++;
        }
        StringBuilder name = new StringBuilder();
        for (int part = 0; part < LONGEST_QUALIFIED_NAME; part++) {
            if (i >= tokens.size() || !isName(tokens.get(i)) || !tokens.get(i).closed()) {
                return null;
            }
            name.append(tokens.get(i).identifier(bytes));
            i++;
            if (i < tokens.size() && tokens.get(i).isPunctuation(bytes, '.')) {
                name.append('.');
                i++;
            } else {
                break;
            }
        }
        boolean functionCall =
                marker.equals("FROM") && i < tokens.size() && tokens.get(i).isPunctuation(bytes, '(');
        if (functionCall
                || name.length() > LONGEST_COLLECTION
                || name.charAt(name.length() - 1) == '.'
                || isKeywordNotTable(bytes, tokens.get(i - 1))) {
            return null;
        }
        return name.toString();
    }

    private static boolean isName(SqlToken token) {
        return token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER;
    }

    private static boolean isKeywordNotTable(byte[] bytes, SqlToken token) {
        return token.isWord(bytes, "LATERAL") || token.isWord(bytes, "SELECT") || token.isWord(bytes, "VALUES");
    }

    /** The text with each string and number literal replaced by {@code ?}. */
    private static String sanitized(byte[] bytes, int from, int limit, List<SqlToken> tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(limit - from);
        int copied = from;
        for (SqlToken token : tokens) {
            if (token.type() == SqlToken.Type.STRING || token.type() == SqlToken.Type.NUMBER) {
                out.write(bytes, copied, token.start() - copied);
                out.write('?');
                copied = token.end();
            }
        }
        out.write(bytes, copied, limit - copied);
        return out.toString(StandardCharsets.UTF_8);
    }
}
