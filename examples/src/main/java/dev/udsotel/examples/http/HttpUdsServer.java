package dev.udsotel.examples.http;

import dev.udsotel.examples.SocketFiles;
import java.nio.file.Path;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;

/**
 * A small Docker-like JSON API served by Jetty 12 on a Unix domain socket, the way dockerd or containerd serve
 * theirs. Try {@code curl --unix-socket <path> http://localhost/containers/json}. See {@link DockerLikeApi} for
 * the endpoints.
 *
 * <p>Usage: {@code HttpUdsServer <socket-path>}; stop it with SIGTERM or Ctrl-C.
 */
public final class HttpUdsServer {

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: HttpUdsServer <socket-path>");
            System.exit(2);
        }
        Path path = SocketFiles.claim(args[0]);
        Server server = new Server();
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(path);
        server.addConnector(connector);
        server.setHandler(new DockerLikeApi());
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("http server listening on " + path);
        server.join();
    }
}
