package dev.udsotel.agent.it.workload;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.zip.CRC32;

/**
 * pgjdbc to PostgreSQL over its Unix socket through junixsocket's socket factory, as pgjdbc documents it: a plain
 * query and a prepared one. Prints the CRC-32 of every value read, to compare runs with and without the agent. With
 * {@code --hold} it then waits for a line on standard input, so a test can collect its spans before it exits.
 */
public final class PgjdbcWorkload {
    private PgjdbcWorkload() {}

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://localhost/shop?sslmode=disable&user=postgres"
                + "&socketFactory=org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg&socketFactoryArg=" + args[0];
        CRC32 crc = new CRC32();
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement();
                    ResultSet users = statement.executeQuery("SELECT id, name, email FROM users ORDER BY id")) {
                while (users.next()) {
                    crc.update((users.getInt(1) + users.getString(2) + users.getString(3))
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            try (PreparedStatement byId = connection.prepareStatement("SELECT name FROM users WHERE id = ?")) {
                byId.setInt(1, 2);
                try (ResultSet user = byId.executeQuery()) {
                    while (user.next()) {
                        crc.update(user.getString(1).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        }
        System.out.println("checksum " + Long.toHexString(crc.getValue()));
        if (args.length > 1 && args[1].equals("--hold")) {
            new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
