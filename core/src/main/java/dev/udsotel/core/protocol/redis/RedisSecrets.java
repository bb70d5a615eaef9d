package dev.udsotel.core.protocol.redis;

import java.util.Set;

/**
 * Which parts of a Redis command are secret, and which replies carry secrets: the rule both the span previews
 * ({@link RespRedactor}) and the sidecar's stream redactor apply. Words are upper-cased; a null word was not seen.
 *
 * <p>Secret arguments: everything after {@code AUTH}; the user and password after {@code HELLO ... AUTH}; the
 * password after {@code MIGRATE ... AUTH} and user and password after {@code AUTH2}; the value of
 * {@code CONFIG SET} for a password-like parameter; the password rules ({@code >pw <pw #hash !hash}) of
 * {@code ACL SETUSER}. Secret replies: {@code CONFIG GET} of a password-like parameter or of a pattern,
 * {@code ACL GETUSER} and {@code ACL LIST} (password hashes).
 */
public final class RedisSecrets {
    /** MIGRATE host port key destination-db timeout: options start after these. */
    private static final int MIGRATE_OPTIONS_START = 6;

    private static final Set<String> SECRET_CONFIG =
            Set.of("REQUIREPASS", "MASTERAUTH", "MASTERUSER", "TLS-KEY-FILE-PASS", "TLS-CLIENT-KEY-FILE-PASS");

    private RedisSecrets() {}

    /**
     * Whether argument {@code index} (the name being 0) is secret.
     *
     * @param name the command name
     * @param sub the first argument (a subcommand), or null
     * @param previous the argument before {@code index}
     * @param beforePrevious the argument before that
     * @param first the first byte of the argument, or -1 when not seen yet
     */
    public static boolean isSecretArgument(
            String name, String sub, String previous, String beforePrevious, int index, int first) {
        if (name == null || index < 1) {
            return false;
        }
        return switch (name) {
            case "AUTH" -> true;
            case "HELLO" -> index >= 2 && ("AUTH".equals(previous) || (index >= 3 && "AUTH".equals(beforePrevious)));
            case "MIGRATE" ->
                index > MIGRATE_OPTIONS_START
                        && ("AUTH".equals(previous)
                                || "AUTH2".equals(previous)
                                || (index > MIGRATE_OPTIONS_START + 1 && "AUTH2".equals(beforePrevious)));
            case "CONFIG" -> "SET".equals(sub) && index >= 3 && index % 2 == 1 && isSecretParameter(previous);
            case "ACL" ->
                "SETUSER".equals(sub) && index >= 3 && (first == '>' || first == '<' || first == '#' || first == '!');
            default -> false;
        };
    }

    /** Whether a parameter (or a pattern of parameters) named in CONFIG SET or GET may hold a password. */
    public static boolean isSecretParameter(String parameter) {
        return parameter == null
                || SECRET_CONFIG.contains(parameter)
                || parameter.indexOf('*') >= 0
                || parameter.indexOf('?') >= 0
                || parameter.indexOf('[') >= 0;
    }

    /** Whether the reply to this command carries secrets; {@code argument} is the one after the subcommand. */
    public static boolean hasSecretReply(String name, String sub, String argument) {
        if ("ACL".equals(name)) {
            return "GETUSER".equals(sub) || "LIST".equals(sub);
        }
        return "CONFIG".equals(name) && "GET".equals(sub) && isSecretParameter(argument);
    }
}
