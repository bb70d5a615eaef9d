package dev.udsotel.agent.instrumentation.library;

import java.io.IOException;
import java.util.function.Predicate;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * A package prefix another jar moved a library to, as shading does: grpc-netty-shaded carries Netty under
 * {@code io.grpc.netty.shaded.io.netty}. Prefixes are dotted and end with a dot.
 */
public record Relocation(String from, String to) {
    /** The relocated name of a dotted type name, or the name itself when it is not under {@code from}. */
    public String type(String name) {
        return name.startsWith(from) ? to + name.substring(from.length()) : name;
    }

    /** The same for an internal (slashed) name or a resource path. */
    public String internal(String name) {
        String fromPath = from.replace('.', '/');
        return name.startsWith(fromPath) ? to.replace('.', '/') + name.substring(fromPath.length()) : name;
    }

    /** Serves the class files of {@code classes} named by {@code names}, with every type under {@code from} relocated. */
    public ClassFileLocator remapping(ClassFileLocator classes, Predicate<String> names) {
        Remapper remapper = new Remapper() {
            @Override
            public String map(String internalName) {
                return internal(internalName);
            }
        };
        return new ClassFileLocator() {
            @Override
            public Resolution locate(String name) throws IOException {
                if (!names.test(name)) {
                    return new Resolution.Illegal(name);
                }
                Resolution found = classes.locate(name);
                if (!found.isResolved()) {
                    return found;
                }
                ClassWriter writer = new ClassWriter(0);
                new ClassReader(found.resolve()).accept(new ClassRemapper(writer, remapper), 0);
                return new Resolution.Explicit(writer.toByteArray());
            }

            @Override
            public void close() throws IOException {
                classes.close();
            }
        };
    }
}
