package dev.udsotel.agent.instrumentation.channel;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.udsotel.agent.instrumentation.AgentLog;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into the JDK's channel classes. They are boot classes, already loaded (from CDS on JDK 25)
 * before premain runs, so they are retransformed, and Byte Buddy's default ignore of boot classes is replaced.
 */
public final class UnixChannelTransformations {
    private UnixChannelTransformations() {}

    public static void install(Instrumentation instrumentation) throws ClassNotFoundException {
        Class<?> socketChannel = Class.forName(SocketChannelInstrumentation.TYPE, false, null);
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new FailureListener())
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

    /** A class that cannot be instrumented is reported once and left as it is. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            AgentLog.info("could not instrument " + typeName + ": " + error + "; its traffic is not traced");
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                net.bytebuddy.dynamic.DynamicType dynamicType) {
            if (Boolean.getBoolean("uds.debug")) {
                AgentLog.info("instrumented " + type.getName());
            }
        }
    }
}
