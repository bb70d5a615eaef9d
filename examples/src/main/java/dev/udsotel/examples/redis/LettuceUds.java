package dev.udsotel.examples.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * Lettuce, the asynchronous Redis client, to redis-server over its Unix socket. Lettuce needs Netty's epoll
 * transport for Unix sockets, so none of its bytes pass through java.nio.
 */
public final class LettuceUds {

    private LettuceUds() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println(
                    "usage: LettuceUds <redis socket>   (redis-server --port 0 --unixsocket <redis socket>)");
            System.exit(2);
        }
        RedisClient client = RedisClient.create(RedisURI.Builder.socket(args[0]).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            System.out.println("SET greeting: " + redis.set("greeting", "hello over a unix socket"));
            System.out.println("GET greeting: " + redis.get("greeting"));
            System.out.println("INCR visits: " + redis.incr("visits"));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
    }
}
