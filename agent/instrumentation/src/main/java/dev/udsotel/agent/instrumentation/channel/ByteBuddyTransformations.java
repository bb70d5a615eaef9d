package dev.udsotel.agent.instrumentation.channel;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.udsotel.agent.instrumentation.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.function.BiConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Builds the advice into the JDK's channel classes with Byte Buddy. They are boot classes, already loaded (from CDS on
 * JDK 25) before premain runs, so they are retransformed, and Byte Buddy's default ignore of boot classes is replaced.
 * Only this class and the advice refer to Byte Buddy, so a start served from the class file cache never loads it.
 */
final class ByteBuddyTransformations {
    private ByteBuddyTransformations() {}

    /** {@code transformed} receives each class file Byte Buddy produced, by internal name. */
    static void install(Instrumentation instrumentation, BiConsumer<String, byte[]> transformed)
            throws ClassNotFoundException {
        Class<?> socketChannel = Class.forName(SocketChannelInstrumentation.TYPE, false, null);
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new Reporting(transformed))
                .ignore(not(nameStartsWith("sun.nio.ch.")))
                .type(named(SocketChannelInstrumentation.TYPE))
                .transform(adding(SocketChannelInstrumentation.advice(socketChannel)))
                .type(named(ServerSocketChannelInstrumentation.TYPE))
                .transform(adding(ServerSocketChannelInstrumentation.advice()))
                .type(named(FileChannelInstrumentation.TYPE))
                .transform(adding(FileChannelInstrumentation.advice()))
                .installOn(instrumentation);
    }

    private static AgentBuilder.Transformer adding(AsmVisitorWrapper advice) {
        return (builder, type, loader, module, domain) -> builder.visit(advice);
    }

    /** A class that cannot be instrumented is reported once and left as it is; one that was is handed on. */
    private static final class Reporting extends AgentBuilder.Listener.Adapter {
        private final BiConsumer<String, byte[]> transformed;

        Reporting(BiConsumer<String, byte[]> transformed) {
            this.transformed = transformed;
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            AgentLog.info("could not instrument " + typeName + ": " + error + "; its traffic is not traced");
        }

        @Override
        public void onTransformation(
                TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            if (Boolean.getBoolean("uds.debug")) {
                AgentLog.info("instrumented " + type.getName());
            }
            transformed.accept(type.getInternalName(), dynamicType.getBytes());
        }
    }
}
