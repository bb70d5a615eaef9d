package dev.udsotel.sidecar.deploy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * The images the deployment tests run, built the way the README says, with no registry: the local Docker engine
 * (started here when it does not answer), base images from debootstrap and jlink (deploy/local-base-images.sh,
 * kept between runs on one machine), and the Dockerfile under the legacy builder with ARTIFACTS=prebuilt, taking
 * the jars this Maven build just packaged. Built once per test JVM.
 */
final class LocalImages {
    static final String SIDECAR = "uds-otel/uds-trace:dev";
    static final String EXAMPLE_APP = "uds-otel/example-app:dev";
    static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    static final Path DEPLOY = REPOSITORY.resolve("ebpf-sidecar/deploy");
    private static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    private static final Map<String, String> LEGACY_BUILDER = Map.of("DOCKER_BUILDKIT", "0");
    private static boolean built;

    private LocalImages() {}

    static synchronized void build() throws IOException, InterruptedException {
        if (built) {
            return;
        }
        Prerequisite.require(Shell.onPath("docker") && Shell.onPath("dockerd"), "docker.io is not installed");
        Prerequisite.require(Shell.onPath("debootstrap"), "debootstrap is not installed");
        for (String jar : new String[] {"agent/target/uds-agent.jar", "examples/target/uds-otel-examples.jar"}) {
            Prerequisite.require(
                    Files.isRegularFile(REPOSITORY.resolve(jar)),
                    jar + " is not built (run the whole reactor: ./dev test, or mvn verify)");
        }
        startDockerdIfSilent();
        long t0 = System.nanoTime();
        Shell.check(Map.of(), 1200, DEPLOY.resolve("local-base-images.sh").toString(), "docker");
        long t1 = System.nanoTime();
        for (String target : new String[] {"runtime", "example-app"}) {
            Shell.check(
                    LEGACY_BUILDER,
                    900,
                    "docker",
                    "build",
                    "-q",
                    "-f",
                    REPOSITORY.resolve("ebpf-sidecar/Dockerfile").toString(),
                    "--target",
                    target,
                    "--build-arg",
                    "ARTIFACTS=prebuilt",
                    "--build-arg",
                    "BUILD_IMAGE=local/debian:bookworm",
                    "--build-arg",
                    "RUNTIME_IMAGE=local/uds-otel-jre:25",
                    "-t",
                    target.equals("runtime") ? SIDECAR : EXAMPLE_APP,
                    REPOSITORY.toString());
        }
        long t2 = System.nanoTime();
        System.out.printf(
                "deployment images: base images %.1f s (kept between runs), sidecar and example images %.1f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        built = true;
    }

    /** Debian's docker.io is not started by the tests' machine: start dockerd, as PLATFORM-NOTES.md describes. */
    private static void startDockerdIfSilent() throws IOException, InterruptedException {
        if (dockerAnswers()) {
            return;
        }
        // a daemon that outlives the tests: its output goes to a log of its own, not to a ChildProcess of this JVM
        new ProcessBuilder("setsid", "/usr/sbin/dockerd")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        Path.of("/var/log/dockerd.log").toFile()))
                .start();
        Awaitility.await("dockerd to answer on " + DOCKER_SOCKET + " (its output: /var/log/dockerd.log)")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(LocalImages::dockerAnswers);
    }

    private static boolean dockerAnswers() {
        if (!Files.exists(DOCKER_SOCKET)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(DOCKER_SOCKET));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(512);
            while (ch.read(answer) > 0 && answer.hasRemaining()) {
                // HTTP/1.0: the engine closes after the body
            }
            return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).endsWith("OK");
        } catch (IOException e) {
            return false;
        }
    }
}
