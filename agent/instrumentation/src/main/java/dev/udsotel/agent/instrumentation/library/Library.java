package dev.udsotel.agent.instrumentation.library;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumented library, as data: the classes advised and by which advice, and everything else the advice calls.
 * The agent advises a library only in a class loader where all of it is there (as the OpenTelemetry agent's muzzle
 * does); otherwise it says so in one line naming the library's jar, and leaves it alone.
 */
public interface Library {
    /** How the library is named in messages, for example "Netty epoll". */
    String name();

    /** A class file whose jar names the library's version. */
    String versionMarker();

    List<Advised> advised();

    /** Types and members the advice refers to beyond the advised methods. */
    List<Member> referenced();

    /**
     * Class files that come before the library's and the agent's own: none, but for a relocated library its advice,
     * remapped from the agent's.
     */
    default ClassFileLocator adviceClasses(ClassFileLocator agentClasses) {
        return ClassFileLocator.NoOp.INSTANCE;
    }

    /** Methods of {@code type} that get the advice class {@code advice} (a nested class of the agent, by name). */
    record Advised(String type, String advice, ElementMatcher<? super MethodDescription> methods, String expected) {}

    /** A type that must exist, and one of its methods or fields (neither: the type alone); {@code expected} names it. */
    record Member(String type, ElementMatcher<? super MethodDescription> method, String field, String expected) {
        public static Member type(String type) {
            return new Member(type, null, null, type);
        }
    }
}
