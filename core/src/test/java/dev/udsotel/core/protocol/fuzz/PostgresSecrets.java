package dev.udsotel.core.protocol.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * PostgreSQL exchanges that carry a secret where clients and servers put credentials: password and SASL messages,
 * the server's SASL signature, PASSWORD literals in Query and Parse, start-up password parameters, dblink strings.
 */
final class PostgresSecrets {
    private PostgresSecrets() {}

    static SecretTraffic.Secret withSecret(SplittableRandom random, String secret) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        byte[] response = pick(random, List.of(authenticationOk(), error("28P01"), commandComplete("SELECT 1")));
        switch (random.nextInt(7)) {
            case 0 -> request.writeBytes(typed('p', cstring(pick(random, List.of("", "md5")) + secret)));
            case 1 ->
                request.writeBytes(typed(
                        'p',
                        concat(cstring("SCRAM-SHA-256"), int32(8 + secret.length()), latin1("n,,n=,r=" + secret))));
            case 2 -> {
                request.writeBytes(typed('p', latin1("c=biws,r=" + lower(random) + ",p=" + secret)));
                response = concat(typed('R', concat(int32(12), latin1("v=" + secret))), authenticationOk());
            }
            case 3 -> {
                if (random.nextBoolean()) {
                    request.writeBytes(query("SELECT " + random.nextInt(1000)));
                }
                request.writeBytes(query(secretStatement(random, secret)));
            }
            case 4 -> {
                request.writeBytes(typed(
                        'P',
                        concat(
                                cstring(random.nextBoolean() ? "" : "s1"),
                                cstring(secretStatement(random, secret)),
                                new byte[] {0, 0})));
                request.writeBytes(typed('B', concat(cstring(""), cstring(""), new byte[] {0, 0, 0, 0, 0, 0})));
                request.writeBytes(typed('E', concat(cstring(""), int32(0))));
                request.writeBytes(typed('S', new byte[0]));
            }
            case 5 -> request.writeBytes(startup(random, secret));
            default ->
                request.writeBytes(query("SELECT dblink_connect('host=/run/postgresql "
                        + pick(random, List.of("password=", "PASSWORD = ")) + secret + "')"));
        }
        return new SecretTraffic.Secret(request.toByteArray(), response, secret);
    }

    private static String secretStatement(SplittableRandom random, String secret) {
        String quoted = switch (random.nextInt(4)) {
            case 0 -> "'" + secret + "'";
            case 1 -> "E'" + secret + "'";
            case 2 -> "$$" + secret + "$$";
            default -> "$pw$" + secret + "$pw$";
        };
        return pick(random, List.of("ALTER", "CREATE", "alter", "create")) + " "
                + pick(random, List.of("ROLE", "USER", "role")) + " " + lower(random) + " "
                + pick(random, List.of("", "WITH ", "WITH LOGIN ", "ENCRYPTED "))
                + pick(random, List.of("PASSWORD", "password", "Password"))
                + pick(random, List.of(" ", "\n", " /* pw */ ")) + quoted;
    }

    private static byte[] startup(SplittableRandom random, String secret) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 3, 0, 0});
        body.writeBytes(cstring("user"));
        body.writeBytes(cstring(lower(random)));
        body.writeBytes(cstring(pick(random, List.of("password", "PASSWORD"))));
        body.writeBytes(cstring(secret));
        if (random.nextBoolean()) {
            body.writeBytes(cstring("database"));
            body.writeBytes(cstring(lower(random)));
        }
        body.write(0);
        return concat(int32(body.size() + 4), body.toByteArray());
    }

    private static byte[] authenticationOk() {
        return concat(typed('R', int32(0)), typed('Z', new byte[] {'I'}));
    }

    private static byte[] error(String sqlState) {
        return typed(
                'E',
                concat(
                        cstring("SFATAL"),
                        cstring("C" + sqlState),
                        cstring("Mpassword authentication failed"),
                        new byte[] {0}));
    }

    private static byte[] commandComplete(String tag) {
        return concat(typed('C', cstring(tag)), typed('Z', new byte[] {'I'}));
    }

    private static byte[] query(String sql) {
        return typed('Q', cstring(sql));
    }

    private static byte[] typed(char type, byte[] content) {
        return concat(new byte[] {(byte) type}, int32(content.length + 4), content);
    }

    private static byte[] cstring(String text) {
        return concat(latin1(text), new byte[] {0});
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String lower(SplittableRandom random) {
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(10);
        for (int k = 0; k < length; k++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
