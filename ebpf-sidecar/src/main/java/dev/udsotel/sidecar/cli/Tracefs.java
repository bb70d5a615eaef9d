package dev.udsotel.sidecar.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/** Mounts tracefs with mount(2) through FFM, so the sidecar needs no mount binary in its image. */
final class Tracefs {
    private Tracefs() {}

    /** Returns null on success, or why the mount failed. */
    static String mount(Path target) {
        Linker linker = Linker.nativeLinker();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        StructLayout stateLayout = Linker.Option.captureStateLayout();
        VarHandle errnoHandle = stateLayout.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
        MethodHandle mount = linker.downcallHandle(
                linker.defaultLookup().find("mount").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                errno);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(stateLayout);
            int rc = (int) mount.invokeExact(state, arena.allocateFrom("tracefs"), arena.allocateFrom(target.toString()),
                    arena.allocateFrom("tracefs"), 0L, MemorySegment.NULL);
            return rc == 0 ? null : "errno " + (int) errnoHandle.get(state, 0L);
        } catch (Throwable t) {
            return t.toString();
        }
    }
}
