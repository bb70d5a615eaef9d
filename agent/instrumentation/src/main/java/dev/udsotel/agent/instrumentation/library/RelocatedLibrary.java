package dev.udsotel.agent.instrumentation.library;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * A library as another jar ships it relocated (grpc-netty-shaded's Netty): the original's classes, members and
 * advice under the relocated names. The advice is not copied: its class files are remapped as they are woven, so
 * its {@code instanceof} checks and calls name the relocated types.
 */
public record RelocatedLibrary(Library original, Relocation relocation, String shippedBy) implements Library {
    @Override
    public String name() {
        return original.name() + " in " + shippedBy;
    }

    @Override
    public String versionMarker() {
        return relocation.internal(original.versionMarker());
    }

    @Override
    public List<Advised> advised() {
        return original.advised().stream()
                .map(a -> new Advised(relocation.type(a.type()), a.advice(), a.methods(), a.expected()))
                .toList();
    }

    @Override
    public List<Member> referenced() {
        return original.referenced().stream()
                .map(m -> new Member(relocation.type(m.type()), m.method(), m.field(), relocation.type(m.expected())))
                .toList();
    }

    @Override
    public ClassFileLocator adviceClasses(ClassFileLocator agentClasses) {
        Set<String> advice = original.advised().stream().map(Advised::advice).collect(Collectors.toSet());
        return relocation.remapping(agentClasses, advice::contains);
    }
}
