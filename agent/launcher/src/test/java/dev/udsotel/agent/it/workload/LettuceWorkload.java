package dev.udsotel.agent.it.workload;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * Lettuce (on Netty's epoll transport) to redis-server, over its Unix socket ({@code unix <path>}) or TCP
 * ({@code tcp <port> <marker socket>}): SET then GET of a few keys. Prints the CRC-32 of every value read back.
 */
public final class LettuceWorkload {
    private LettuceWorkload() {}

    public static void main(String[] args) throws Exception {
        boolean unix = args[0].equals("unix");
        RedisURI uri = unix
                ? RedisURI.Builder.socket(args[1]).build()
                : RedisURI.Builder.redis("127.0.0.1", Integer.parseInt(args[1])).build();
        uri.setTimeout(Duration.ofSeconds(60));
        RedisClient client = RedisClient.create(uri);
        CRC32 crc = new CRC32();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            for (int i = 0; i < 3; i++) {
                redis.set("uds-otel:key:" + i, "value " + i + " " + "x".repeat(i * 10));
                crc.update(redis.get("uds-otel:key:" + i).getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
        }
        System.out.println("checksum " + Long.toHexString(crc.getValue()));
        if (!unix) {
            Marker.exchange(Path.of(args[2]));
        }
    }
}
