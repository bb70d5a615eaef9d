package dev.udsotel.examples.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code demo.v1.Greeter} service without protoc: its messages are UTF-8 strings, so a five-line marshaller
 * replaces generated code. SayHello is unary, Count streams three messages back, Fail answers NOT_FOUND, Repeat
 * answers its request repeated 2000 times (a response bigger than any per-call copy, then its trailers).
 */
public final class Greeter {
    public static final String SERVICE = "demo.v1.Greeter";
    static final MethodDescriptor<String, String> SAY_HELLO = method("SayHello", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<String, String> COUNT = method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);
    static final MethodDescriptor<String, String> FAIL = method("Fail", MethodDescriptor.MethodType.UNARY);
    static final MethodDescriptor<String, String> REPEAT = method("Repeat", MethodDescriptor.MethodType.UNARY);
    static final int REPEATS = 2000;
    static final int COUNTED = 3;

    private Greeter() {}

    /** The service as the server runs it. */
    public static ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(SAY_HELLO, ServerCalls.asyncUnaryCall((name, reply) -> {
                    reply.onNext("hello " + name);
                    reply.onCompleted();
                }))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((prefix, reply) -> {
                    for (int i = 0; i < COUNTED; i++) {
                        reply.onNext(prefix + "-" + i);
                    }
                    reply.onCompleted();
                }))
                .addMethod(REPEAT, ServerCalls.asyncUnaryCall((text, reply) -> {
                    reply.onNext(text.repeat(REPEATS));
                    reply.onCompleted();
                }))
                .addMethod(
                        FAIL,
                        ServerCalls.asyncUnaryCall((name, reply) -> reply.onError(
                                Status.NOT_FOUND.withDescription("no " + name).asRuntimeException())))
                .build();
    }

    private static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(Utf8.INSTANCE)
                .setResponseMarshaller(Utf8.INSTANCE)
                .build();
    }

    /** A message is its UTF-8 bytes. */
    private enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
