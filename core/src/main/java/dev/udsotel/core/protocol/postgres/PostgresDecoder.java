package dev.udsotel.core.protocol.postgres;

import dev.udsotel.core.conversation.Exchange;
import dev.udsotel.core.protocol.DecodedExchange;
import dev.udsotel.core.protocol.ProtocolAttributes;
import dev.udsotel.core.protocol.ProtocolDecoder;
import dev.udsotel.core.redaction.Redaction;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.DbAttributes.DbSystemNameValues;
import io.opentelemetry.semconv.incubating.DbIncubatingAttributes;
import java.util.Arrays;
import java.util.List;

/**
 * The PostgreSQL frontend/backend protocol 3, as psql, libpq, JDBC and every other client speak it on
 * {@code /var/run/postgresql/.s.PGSQL.5432}.
 *
 * <p>An exchange is named after the first thing the client asks: {@code STARTUP} (start-up packet, with the
 * database as {@code db.namespace} and the user as {@code uds.postgresql.user}), {@code AUTH} (password or SASL
 * messages), {@code SSL}, {@code GSSENC} and {@code CANCEL} requests, or for a Query or Parse message its
 * statement's operation and first table ({@code SELECT users}, also {@code db.query.summary}). The statement text
 * is recorded as {@code db.query.text} only whole and with every literal replaced by {@code ?}. Other protocol steps
 * are named {@code EXECUTE} (Bind or Execute of a prepared statement), {@code SYNC}, {@code TERMINATE} and so on.
 * From the response: the first ErrorResponse's SQLSTATE ({@code error.type}, {@code db.response.status_code}), the
 * rows a {@code SELECT n} tag reports, the authentication the server asks for. {@link PostgresRedactor} removes
 * passwords, SQL literals and returned rows from the previews.
 */
public final class PostgresDecoder implements ProtocolDecoder {
    static final AttributeKey<String> SYSTEM = DbAttributes.DB_SYSTEM_NAME;
    static final AttributeKey<String> NAMESPACE = DbAttributes.DB_NAMESPACE;
    static final AttributeKey<String> OPERATION = DbAttributes.DB_OPERATION_NAME;
    static final AttributeKey<String> COLLECTION = DbAttributes.DB_COLLECTION_NAME;
    static final AttributeKey<String> SUMMARY = DbAttributes.DB_QUERY_SUMMARY;
    static final AttributeKey<String> QUERY_TEXT = DbAttributes.DB_QUERY_TEXT;
    static final AttributeKey<String> STATUS_CODE = DbAttributes.DB_RESPONSE_STATUS_CODE;
    static final AttributeKey<Long> RETURNED_ROWS = DbIncubatingAttributes.DB_RESPONSE_RETURNED_ROWS;
    /** The semantic conventions dropped {@code db.user}; the role still tells a lot. */
    static final AttributeKey<String> USER = AttributeKey.stringKey("uds.postgresql.user");

    static final AttributeKey<String> APPLICATION = AttributeKey.stringKey("uds.postgresql.application_name");
    static final AttributeKey<String> AUTHENTICATION = AttributeKey.stringKey("uds.postgresql.authentication");
    static final AttributeKey<Boolean> ENCRYPTION_ACCEPTED =
            AttributeKey.booleanKey("uds.postgresql.encryption_accepted");

    private static final String SYSTEM_NAME = DbSystemNameValues.POSTGRESQL;
    /** The error.type value the semantic conventions use when the real one is not known. */
    private static final String OTHER_ERROR = "_OTHER";

    @Override
    public String name() {
        return SYSTEM_NAME;
    }

    @Override
    public boolean recognizes(Exchange exchange) {
        byte[] request = exchange.request().prefix();
        return !FrontendReader.read(request).isEmpty()
                || (isFragmentOfLogin(request)
                        && BackendSummary.startsWithAuthentication(
                                exchange.response().prefix()));
    }

    /**
     * Too little of a start-up packet or password message to tell, or nothing at all (the tracker reports a response
     * without its request when it started watching in between). The server's authentication request then decides,
     * because its SASL data must be redacted whatever the request shows.
     */
    private static boolean isFragmentOfLogin(byte[] request) {
        return request.length < 9 && (request.length == 0 || request[0] == 'p' || request[0] == 0);
    }

    @Override
    public DecodedExchange decode(Exchange exchange, Redaction redaction) {
        byte[] request = exchange.request().prefix();
        byte[] response = exchange.response().prefix();
        List<FrontendMessage> messages = FrontendReader.read(request);
        if (messages.isEmpty()) {
            return isFragmentOfLogin(request) && BackendSummary.startsWithAuthentication(response)
                    ? loginFragment(request, response, redaction)
                    : null;
        }
        FrontendMessage first = messages.get(0);
        AttributesBuilder attributes = Attributes.builder().put(SYSTEM, SYSTEM_NAME);
        String spanName = switch (first.kind()) {
            case STARTUP -> startup(request, first, attributes);
            case SSL_REQUEST -> "SSL";
            case GSSENC_REQUEST -> "GSSENC";
            case CANCEL_REQUEST -> "CANCEL";
            case TYPED -> typed(request, messages, attributes);
        };
        boolean encryptionRequest =
                first.kind() == FrontendMessage.Kind.SSL_REQUEST || first.kind() == FrontendMessage.Kind.GSSENC_REQUEST;
        BackendSummary outcome =
                encryptionRequest ? BackendSummary.encryptionAnswer(response) : BackendSummary.read(response);
        describe(outcome, attributes);

        byte[] requestPreview = request;
        byte[] responsePreview = response;
        boolean redacted = false;
        if (redaction.enabled()) {
            requestPreview = PostgresRedactor.request(request, messages);
            responsePreview = encryptionRequest ? response : PostgresRedactor.response(response);
            redacted = !Arrays.equals(request, requestPreview) || !Arrays.equals(response, responsePreview);
        }
        return DecodedExchange.of(
                spanName, attributes.build(), SYSTEM_NAME, redacted, requestPreview, responsePreview, outcome.error());
    }

    /** An exchange recognized by the authentication request answering a request too short to read. */
    private static DecodedExchange loginFragment(byte[] request, byte[] response, Redaction redaction) {
        AttributesBuilder attributes = Attributes.builder().put(SYSTEM, SYSTEM_NAME);
        BackendSummary outcome = BackendSummary.read(response);
        describe(outcome, attributes);
        byte[] responsePreview = redaction.enabled() ? PostgresRedactor.response(response) : response;
        byte[] requestPreview =
                redaction.enabled() && request.length > 1 && request[0] == 'p' ? new byte[] {'p'} : request;
        boolean redacted = !Arrays.equals(response, responsePreview) || requestPreview != request;
        String name = request.length > 0 && request[0] == 0 ? "STARTUP" : "AUTH";
        return DecodedExchange.of(
                name, attributes.build(), SYSTEM_NAME, redacted, requestPreview, responsePreview, outcome.error());
    }

    private static String startup(byte[] bytes, FrontendMessage startup, AttributesBuilder attributes) {
        String user = null;
        String database = null;
        for (StartupParameter parameter : StartupParameter.read(bytes, startup)) {
            if (!parameter.complete()) {
                continue;
            }
            switch (parameter.name()) {
                case "user" -> user = parameter.value(bytes);
                case "database" -> database = parameter.value(bytes);
                case "application_name" -> attributes.put(APPLICATION, parameter.value(bytes));
                default -> {}
            }
        }
        if (user != null) {
            attributes.put(USER, user);
        }
        // Without a database parameter the server uses the user name, but only a whole packet shows it is absent.
        String namespace = database != null ? database : startup.complete(bytes) ? user : null;
        if (namespace != null && !namespace.isEmpty()) {
            attributes.put(NAMESPACE, namespace);
        }
        return "STARTUP";
    }

    private static String typed(byte[] bytes, List<FrontendMessage> messages, AttributesBuilder attributes) {
        FrontendMessage first = messages.get(0);
        if (first.isTyped('p')) {
            return "AUTH";
        }
        for (FrontendMessage message : messages) {
            if (message.isTyped('Q') || message.isTyped('P')) {
                return statement(bytes, message, attributes);
            }
        }
        return switch (first.type()) {
            case 'B', 'E' -> "EXECUTE";
            case 'D' -> "DESCRIBE";
            case 'C' -> "CLOSE";
            case 'S' -> "SYNC";
            case 'H' -> "FLUSH";
            case 'X' -> "TERMINATE";
            case 'd', 'c', 'f' -> "COPY";
            case 'F' -> "FUNCTION CALL";
            default -> SYSTEM_NAME;
        };
    }

    private static String statement(byte[] bytes, FrontendMessage message, AttributesBuilder attributes) {
        int sqlStart = message.bodyStart();
        if (message.isTyped('P')) {
            sqlStart = Wire.textEnd(bytes, message.bodyStart(), message.end(), Wire.Text.NAME) + 1;
            if (sqlStart <= 0) {
                return SYSTEM_NAME;
            }
        }
        int sqlEnd = Wire.textEnd(bytes, sqlStart, message.end(), Wire.Text.SQL);
        boolean complete = sqlEnd >= 0;
        SqlStatement statement = SqlStatement.of(bytes, sqlStart, complete ? sqlEnd : bytes.length, complete);
        if (statement.operation() != null) {
            attributes.put(OPERATION, statement.operation()).put(SUMMARY, statement.summary());
        }
        if (statement.collection() != null) {
            attributes.put(COLLECTION, statement.collection());
        }
        if (statement.sanitizedText() != null) {
            attributes.put(QUERY_TEXT, statement.sanitizedText());
        }
        return statement.summary() != null ? statement.summary() : SYSTEM_NAME;
    }

    private static void describe(BackendSummary outcome, AttributesBuilder attributes) {
        if (outcome.authentication() != null) {
            attributes.put(AUTHENTICATION, outcome.authentication());
        }
        if (outcome.encryptionAccepted() != null) {
            attributes.put(ENCRYPTION_ACCEPTED, outcome.encryptionAccepted());
        }
        if (outcome.error()) {
            attributes.put(
                    ProtocolAttributes.ERROR_TYPE, outcome.sqlState() != null ? outcome.sqlState() : OTHER_ERROR);
            if (outcome.sqlState() != null) {
                attributes.put(STATUS_CODE, outcome.sqlState());
            }
        }
        long rows = outcome.returnedRows();
        if (rows >= 0) {
            attributes.put(RETURNED_ROWS, rows);
        }
    }
}
