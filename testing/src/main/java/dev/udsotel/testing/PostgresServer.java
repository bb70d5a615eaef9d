package dev.udsotel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster listening only on a Unix socket in a temporary directory. Run as root, the
 * server runs as the {@code postgres} user (initdb refuses root). Login roles {@code clear_user},
 * {@code md5_user} and {@code scram_user} must send a password by cleartext, MD5 and SCRAM-SHA-256;
 * {@code postgres} is trusted. Database {@code shop} holds a table {@code users} with two rows.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    private static final String PG_HBA = """
            local all postgres trust
            local all clear_user password
            local all md5_user md5
            local all scram_user scram-sha-256
            """;

    private final Path bin;
    private final Path data;
    private final Path socketDirectory;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dir, boolean asPostgresUser) {
        this.bin = bin;
        this.data = dir.resolve("data");
        this.socketDirectory = dir.resolve("sock");
        this.asPostgresUser = asPostgresUser;
    }

    /** The directory with initdb, pg_ctl, psql and pgbench, preferring the newest Debian installation. */
    public static Optional<Path> binaries() {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparing(b -> versionOf(b.getParent())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()
                    && Files.isExecutable(Path.of(dir, "initdb"))
                    && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
                return Optional.of(Path.of(dir));
            }
        }
        return Optional.empty();
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Creates the cluster in {@code dir}, starts it and creates the login roles with the given passwords. */
    public static PostgresServer start(
            Path bin, Path dir, String clearPassword, String md5Password, String scramPassword)
            throws IOException, InterruptedException {
        boolean root = runningAsRoot();
        PostgresServer server = new PostgresServer(bin, dir, root);
        Files.createDirectories(server.socketDirectory);
        if (root) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(dir, postgres);
            Files.setOwner(server.socketDirectory, postgres);
        }
        run(server.asServerUser(
                bin.resolve("initdb").toString(),
                "-D",
                server.data.toString(),
                "-A",
                "trust",
                "-U",
                SUPERUSER,
                "--no-sync"));
        // Appending and truncating keep the files' owner, so the server can still read them.
        Files.writeString(
                server.data.resolve("postgresql.conf"),
                "listen_addresses = ''\nunix_socket_directories = '" + server.socketDirectory + "'\nfsync = off\n",
                StandardOpenOption.APPEND);
        Files.writeString(server.data.resolve("pg_hba.conf"), PG_HBA, StandardOpenOption.TRUNCATE_EXISTING);
        run(server.asServerUser(
                bin.resolve("pg_ctl").toString(),
                "-D",
                server.data.toString(),
                "-l",
                server.data.resolve("server.log").toString(),
                "-w",
                "start"));
        try {
            run(server.psql(
                    SUPERUSER,
                    "postgres",
                    "SET password_encryption = 'md5'",
                    "CREATE ROLE md5_user LOGIN PASSWORD '" + md5Password + "'",
                    "SET password_encryption = 'scram-sha-256'",
                    "CREATE ROLE clear_user LOGIN PASSWORD '" + clearPassword + "'",
                    "CREATE ROLE scram_user LOGIN PASSWORD '" + scramPassword + "'",
                    "CREATE DATABASE shop"));
            run(server.psql(
                    SUPERUSER,
                    "shop",
                    "CREATE TABLE users (id serial PRIMARY KEY, name text, email text)",
                    "INSERT INTO users (name, email) VALUES ('ann', 'ann@example.org'), ('bob', 'bob@example.org')",
                    "GRANT ALL ON users TO clear_user, md5_user, scram_user",
                    "GRANT ALL ON SEQUENCE users_id_seq TO clear_user, md5_user, scram_user"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The server's socket, {@code .s.PGSQL.5432} in its socket directory. */
    public Path socket() {
        return socketDirectory.resolve(".s.PGSQL.5432");
    }

    public Path bin() {
        return bin;
    }

    /** psql connecting straight to the server, each statement a separate {@code -c}. */
    private List<String> psql(String user, String database, String... statements) {
        List<String> command = new ArrayList<>(List.of(
                bin.resolve("psql").toString(),
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                socketDirectory.toString(),
                "-p",
                "5432",
                "-U",
                user,
                "-d",
                database));
        for (String statement : statements) {
            command.add("-c");
            command.add(statement);
        }
        return command;
    }

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** One psql session as the superuser running one statement on database postgres; returns its rows, unaligned. */
    public String query(String statement) throws IOException {
        List<String> command = psql(SUPERUSER, "postgres", statement);
        command.addAll(1, List.of("-A", "-t"));
        return run(command);
    }

    /** Runs a command to its end and returns its stdout; the bound only keeps a broken installation from hanging. */
    private static String run(List<String> command) throws IOException {
        CommandResult result = ChildProcess.command(command).run(Duration.ofSeconds(120));
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed with exit code " + result.exitCode() + ":\n"
                    + result.stdout() + result.stderr());
        }
        return result.stdout();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
    }
}
