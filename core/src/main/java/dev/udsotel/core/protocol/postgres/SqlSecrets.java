package dev.udsotel.core.protocol.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the literals in SQL text that hold passwords: the string after the keyword {@code PASSWORD} (as in
 * {@code CREATE ROLE ... PASSWORD '...'}, {@code ALTER USER ... ENCRYPTED PASSWORD '...'} and the
 * {@code OPTIONS (password '...')} of foreign servers and user mappings), and connection strings inside literals
 * ({@code 'host=db password=...'}, {@code 'postgresql://user:...@host'}) as dblink takes them. A literal cut by the
 * capture limit counts in full, and one cut inside a URI after {@code user:} is taken for a password.
 */
final class SqlSecrets {
    private static final Pattern CONNECTION_STRING_PASSWORD = Pattern.compile("password\\s*=|://[^/@\\s]*:[^/@\\s]*@");
    /** A URI cut after {@code user:}: what follows may be a password or a port, which cannot be told yet. */
    private static final Pattern CUT_URI_PASSWORD = Pattern.compile("://[^/@\\s]*:[^/@\\s]*$");

    private SqlSecrets() {}

    /** The tokens whose bytes must not leave the process. */
    static List<SqlToken> in(byte[] bytes, List<SqlToken> tokens) {
        List<SqlToken> secrets = new ArrayList<>(1);
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.type() != SqlToken.Type.STRING) {
                continue;
            }
            boolean afterPasswordKeyword = i > 0 && tokens.get(i - 1).isWord(bytes, "PASSWORD");
            if (afterPasswordKeyword || holdsConnectionPassword(bytes, token)) {
                secrets.add(token);
            }
        }
        return secrets;
    }

    private static boolean holdsConnectionPassword(byte[] bytes, SqlToken token) {
        String text = new String(bytes, token.start(), token.end() - token.start(), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        return CONNECTION_STRING_PASSWORD.matcher(text).find()
                || (!token.closed() && CUT_URI_PASSWORD.matcher(text).find());
    }
}
