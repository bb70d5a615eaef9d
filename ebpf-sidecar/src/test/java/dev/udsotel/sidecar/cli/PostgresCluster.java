package dev.udsotel.sidecar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL from Debian's packages, reachable only through {@code .s.PGSQL.5432} in a temporary
 * directory, every local login trusted. As root, initdb and the server run as the postgres user.
 */
final class PostgresCluster implements AutoCloseable {
    private final Path bin;
    private final Path data;
    private final Path sockets;

    private PostgresCluster(Path bin, Path dir) {
        this.bin = bin;
        this.data = dir.resolve("pgdata");
        this.sockets = dir.resolve("pgsock");
    }

    static PostgresCluster start(Path dir) throws IOException, InterruptedException {
        PostgresCluster cluster = new PostgresCluster(newestBin(), dir);
        Files.createDirectories(cluster.sockets);
        var postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setOwner(cluster.sockets, postgres);
        cluster.asPostgres("initdb", "-D", cluster.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync");
        Files.writeString(
                cluster.data.resolve("postgresql.conf"),
                "listen_addresses = ''\nunix_socket_directories = '" + cluster.sockets + "'\nfsync = off\n",
                StandardOpenOption.APPEND);
        cluster.asPostgres(
                "pg_ctl",
                "-D",
                cluster.data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "start");
        return cluster;
    }

    Path socket() {
        return sockets.resolve(".s.PGSQL.5432");
    }

    /** One psql session running one statement; returns its unaligned output. */
    String psql(String statement) throws IOException, InterruptedException {
        return run(List.of(
                bin.resolve("psql").toString(),
                "-X",
                "-A",
                "-t",
                "-h",
                sockets.toString(),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                statement));
    }

    private static Path newestBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Path::compareTo)
                    .orElseThrow(() -> new IOException(
                            "no PostgreSQL server in /usr/lib/postgresql (apt-get install postgresql)"));
        }
    }

    private void asPostgres(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("runuser", "-u", "postgres", "--", bin.resolve(program).toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        asPostgres("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }
}
