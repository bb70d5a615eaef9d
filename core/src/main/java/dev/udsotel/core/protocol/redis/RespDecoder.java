package dev.udsotel.core.protocol.redis;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.redaction.Redacted;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.incubating.DbIncubatingAttributes.DbSystemNameIncubatingValues;
import java.util.List;

/**
 * Redis requests in RESP (arrays of bulk strings, as every client library and redis-cli send them, in RESP2 and
 * RESP3 alike) and inline commands (as typed into nc), with the type of the first reply.
 *
 * <p>The span is named after the first command, with the subcommand for container commands
 * ({@code CLIENT SETNAME}). Argument values are never recorded, because they may be sensitive:
 * {@code uds.redis.arguments} counts the parts after the command name instead. Passwords are redacted by
 * {@link RespRedactor}, and replies that carry secrets ({@link RedisSecrets}) are withheld whole.
 */
public final class RespDecoder implements ProtocolDecoder {
    static final AttributeKey<String> SYSTEM = DbAttributes.DB_SYSTEM_NAME;
    static final AttributeKey<String> OPERATION = DbAttributes.DB_OPERATION_NAME;
    static final AttributeKey<Long> ARGUMENTS = AttributeKey.longKey("uds.redis.arguments");
    /** The Redis semantic conventions' name for the error prefix. */
    static final AttributeKey<String> STATUS_CODE = DbAttributes.DB_RESPONSE_STATUS_CODE;

    static final AttributeKey<String> REPLY = AttributeKey.stringKey("uds.redis.reply");
    static final AttributeKey<Long> PIPELINED = ProtocolAttributes.REDIS_PIPELINED;

    private static final String UNNAMED_SPAN = "redis";
    private static final byte[] SECRET_REPLY =
            dev.udsotel.core.redaction.SecretRanges.MARK.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public boolean recognizes(Exchange exchange) {
        byte[] bytes = exchange.request().prefix();
        if (RespRequestReader.startsWithArrayOfBulkStrings(bytes)) {
            return true;
        }
        if (bytes.length == 0 || !RespRequestReader.isLetter(bytes[0])) {
            return false;
        }
        String name = RespRequestReader.firstInlineWord(bytes);
        return name != null && RedisCommands.isKnown(name.toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        if (!recognizes(exchange)) {
            return null;
        }
        byte[] requestBytes = exchange.request().prefix();
        List<RespCommand> commands = RespRequestReader.read(requestBytes);
        AttributesBuilder attributes = Attributes.builder().put(SYSTEM, DbSystemNameIncubatingValues.REDIS);
        String operation = null;
        if (!commands.isEmpty()) {
            RespCommand first = commands.get(0);
            operation = operationName(requestBytes, first);
            attributes.put(ARGUMENTS, (long) first.arguments());
        }
        if (operation != null) {
            attributes.put(OPERATION, operation);
        }
        long visibleCommands = 0;
        for (RespCommand command : commands) {
            visibleCommands += command.hasName() ? 1 : 0;
        }
        if (visibleCommands > 1) {
            attributes.put(PIPELINED, visibleCommands);
        }
        RespReply reply = RespReply.first(exchange.response().prefix());
        if (reply.type() != null) {
            attributes.put(REPLY, reply.type());
        }
        if (reply.isError() && reply.errorCode() != null) {
            attributes.put(ProtocolAttributes.ERROR_TYPE, reply.errorCode());
            attributes.put(STATUS_CODE, reply.errorCode());
        }
        byte[] requestPreview = requestBytes;
        byte[] responsePreview = exchange.response().prefix();
        boolean redacted = false;
        if (redaction.enabled()) {
            Redacted request = RespRedactor.redact(requestBytes, commands);
            requestPreview = request.bytes();
            redacted = request.changed();
            if (responsePreview.length > 0 && RespRedactor.hasSecretReply(requestBytes, commands)) {
                responsePreview = SECRET_REPLY;
                redacted = true;
            }
        }
        return DecodedExchange.of(
                operation != null ? operation : UNNAMED_SPAN,
                attributes.build(),
                name(),
                redacted,
                requestPreview,
                responsePreview,
                reply.isError());
    }

    /** {@code SET}, {@code CLIENT SETNAME}; null when the name is cut or does not read like a command. */
    private static String operationName(byte[] bytes, RespCommand command) {
        String name = command.name(bytes);
        if (name == null || !RedisCommands.isPlausibleName(name)) {
            return null;
        }
        if (RedisCommands.hasSubcommand(name)) {
            String sub = command.upperCaseWord(bytes, 1);
            if (sub != null && RedisCommands.isPlausibleName(sub)) {
                return name + " " + sub;
            }
        }
        return name;
    }
}
