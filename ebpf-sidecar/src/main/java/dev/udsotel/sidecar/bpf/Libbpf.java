package dev.udsotel.sidecar.bpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;

/**
 * Downcalls into libbpf.so.1 (libbpf 1.1 API). Calls that can fail capture errno and throw
 * {@link BpfException} carrying libbpf's message and its most recent warnings.
 */
final class Libbpf {
    static final String LIBRARY = "libbpf.so.1";
    static final int BTF_KIND_STRUCT = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE =
            Linker.Option.captureStateLayout().varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final int RECENT_LOG_LINES = 30;
    private static final int LIBBPF_DEBUG = 2;
    private static final System.Logger LOG = System.getLogger("dev.udsotel.sidecar.bpf.libbpf");
    private static final Deque<String> RECENT_LOG = new ArrayDeque<>();

    private static final MethodHandle OPEN_MEM =
            errnoCall("bpf_object__open_mem", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    private static final MethodHandle OBJECT_LOAD = errnoCall("bpf_object__load", JAVA_INT, ADDRESS);
    private static final MethodHandle OBJECT_CLOSE = voidCall("bpf_object__close", ADDRESS);
    private static final MethodHandle OBJECT_BTF = call("bpf_object__btf", ADDRESS, ADDRESS);
    private static final MethodHandle NEXT_PROGRAM = call("bpf_object__next_program", ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle PROGRAM_NAME = call("bpf_program__name", ADDRESS, ADDRESS);
    private static final MethodHandle PROGRAM_ATTACH = errnoCall("bpf_program__attach", ADDRESS, ADDRESS);
    private static final MethodHandle LINK_DESTROY = call("bpf_link__destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle FIND_MAP = call("bpf_object__find_map_by_name", ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle MAP_FD = call("bpf_map__fd", JAVA_INT, ADDRESS);
    private static final MethodHandle MAP_SET_INITIAL_VALUE =
            errnoCall("bpf_map__set_initial_value", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    private static final MethodHandle MAP_SET_MAX_ENTRIES =
            errnoCall("bpf_map__set_max_entries", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle MAP_LOOKUP_ELEM =
            errnoCall("bpf_map_lookup_elem", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle NUM_POSSIBLE_CPUS = call("libbpf_num_possible_cpus", JAVA_INT);
    private static final MethodHandle STRERROR = call("libbpf_strerror", JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle SET_PRINT = call("libbpf_set_print", ADDRESS, ADDRESS);
    private static final MethodHandle BTF_FIND_BY_NAME_KIND =
            call("btf__find_by_name_kind", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle BTF_TYPE_BY_ID = call("btf__type_by_id", ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle BTF_NAME_BY_OFFSET = call("btf__name_by_offset", ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle VSNPRINTF = LINKER.downcallHandle(
            LINKER.defaultLookup().find("vsnprintf").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    static {
        routeLogs();
    }

    private Libbpf() {}

    static MemorySegment openMem(MemorySegment object, MemorySegment opts) {
        return pointerOrThrow("bpf_object__open_mem", (errno) ->
                (MemorySegment) OPEN_MEM.invokeExact(errno, object, object.byteSize(), opts));
    }

    static void load(MemorySegment obj) {
        intOrThrow("bpf_object__load", (errno) -> (int) OBJECT_LOAD.invokeExact(errno, obj));
    }

    static void closeObject(MemorySegment obj) {
        invoke(() -> {
            OBJECT_CLOSE.invokeExact(obj);
            return null;
        });
    }

    static MemorySegment objectBtf(MemorySegment obj) {
        return invoke(() -> (MemorySegment) OBJECT_BTF.invokeExact(obj));
    }

    static MemorySegment nextProgram(MemorySegment obj, MemorySegment previous) {
        return invoke(() -> (MemorySegment) NEXT_PROGRAM.invokeExact(obj, previous));
    }

    static String programName(MemorySegment program) {
        return cString(invoke(() -> (MemorySegment) PROGRAM_NAME.invokeExact(program)));
    }

    static MemorySegment attach(MemorySegment program) {
        return pointerOrThrow("bpf_program__attach(" + programName(program) + ")", (errno) ->
                (MemorySegment) PROGRAM_ATTACH.invokeExact(errno, program));
    }

    static void destroyLink(MemorySegment link) {
        invoke(() -> (int) LINK_DESTROY.invokeExact(link));
    }

    static MemorySegment findMap(MemorySegment obj, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment map = invoke(() -> (MemorySegment) FIND_MAP.invokeExact(obj, arena.allocateFrom(name)));
            if (map.equals(MemorySegment.NULL)) {
                throw new BpfException("the BPF object has no map named " + name);
            }
            return map;
        }
    }

    static int mapFd(MemorySegment map) {
        return invoke(() -> (int) MAP_FD.invokeExact(map));
    }

    static void setInitialValue(MemorySegment map, MemorySegment value) {
        intOrThrow("bpf_map__set_initial_value", (errno) ->
                (int) MAP_SET_INITIAL_VALUE.invokeExact(errno, map, value, value.byteSize()));
    }

    static void setMaxEntries(MemorySegment map, int entries) {
        intOrThrow("bpf_map__set_max_entries", (errno) -> (int) MAP_SET_MAX_ENTRIES.invokeExact(errno, map, entries));
    }

    static void lookupElem(int mapFd, MemorySegment key, MemorySegment value) {
        intOrThrow("bpf_map_lookup_elem", (errno) -> (int) MAP_LOOKUP_ELEM.invokeExact(errno, mapFd, key, value));
    }

    static int possibleCpus() {
        int cpus = invoke(() -> (int) NUM_POSSIBLE_CPUS.invokeExact());
        if (cpus <= 0) {
            throw new BpfException("libbpf_num_possible_cpus: " + message(-cpus), -cpus);
        }
        return cpus;
    }

    /** Byte offsets of a struct's members and its size, read from the object's BTF. */
    static StructLayoutInfo structLayout(MemorySegment btf, String structName) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(structName);
            int id = invoke(() -> (int) BTF_FIND_BY_NAME_KIND.invokeExact(btf, name, BTF_KIND_STRUCT));
            if (id < 0) {
                throw new BpfException("the BPF object's BTF has no struct " + structName, -id);
            }
            MemorySegment type = invoke(() -> (MemorySegment) BTF_TYPE_BY_ID.invokeExact(btf, id))
                    .reinterpret(12);
            int info = type.get(JAVA_INT, 4);
            int members = info & 0xffff;
            boolean bitfieldEncoding = (info >>> 31) == 1;
            MemorySegment all = type.reinterpret(12 + 12L * members);
            var offsets = new LinkedHashMap<String, Long>();
            for (int i = 0; i < members; i++) {
                long base = 12 + 12L * i;
                int nameOffset = all.get(JAVA_INT, base);
                int bitOffset = all.get(JAVA_INT, base + 8);
                long bits = bitfieldEncoding ? bitOffset & 0xffffff : Integer.toUnsignedLong(bitOffset);
                String member = cString(invoke(() -> (MemorySegment) BTF_NAME_BY_OFFSET.invokeExact(btf, nameOffset)));
                offsets.put(member, bits / 8);
            }
            return new StructLayoutInfo(structName, Integer.toUnsignedLong(type.get(JAVA_INT, 8)), offsets);
        }
    }

    static String message(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            invoke(() -> (int) STRERROR.invokeExact(errno, buffer, 256L));
            return buffer.getString(0);
        }
    }

    /** libbpf's latest warnings, oldest first: what it said about the last failure. */
    static String recentLog() {
        synchronized (RECENT_LOG) {
            return String.join("\n", RECENT_LOG);
        }
    }

    static void clearRecentLog() {
        synchronized (RECENT_LOG) {
            RECENT_LOG.clear();
        }
    }

    private static void routeLogs() {
        try {
            MethodHandle target = MethodHandles.lookup()
                    .findStatic(
                            Libbpf.class,
                            "onLog",
                            MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
            MemorySegment stub = LINKER.upcallStub(
                    target, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
            MemorySegment unusedPrevious = (MemorySegment) SET_PRINT.invokeExact(stub);
        } catch (Throwable e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** libbpf's print callback; va_list is a pointer on this ABI, so vsnprintf formats it. */
    private static int onLog(int level, MemorySegment format, MemorySegment args) {
        try {
            if (level >= LIBBPF_DEBUG) {
                return 0;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buffer = arena.allocate(4096);
                int n = (int) VSNPRINTF.invokeExact(buffer, 4096L, format, args);
                String line = buffer.getString(0).stripTrailing();
                synchronized (RECENT_LOG) {
                    if (RECENT_LOG.size() == RECENT_LOG_LINES) {
                        RECENT_LOG.removeFirst();
                    }
                    RECENT_LOG.addLast(line);
                }
                LOG.log(level == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, line);
            }
        } catch (Throwable ignored) {
            // an exception escaping an upcall kills the JVM; a lost log line does not matter
        }
        return 0;
    }

    @FunctionalInterface
    private interface ErrnoCall<T> {
        T call(MemorySegment errno) throws Throwable;
    }

    @FunctionalInterface
    private interface PlainCall<T> {
        T call() throws Throwable;
    }

    private static MemorySegment pointerOrThrow(String what, ErrnoCall<MemorySegment> call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment result = call.call(errno);
            if (result.equals(MemorySegment.NULL)) {
                throw failure(what, (int) ERRNO_VALUE.get(errno, 0L));
            }
            return result;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable e) {
            throw new BpfException(what + ": " + e);
        }
    }

    private static int intOrThrow(String what, ErrnoCall<Integer> call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Linker.Option.captureStateLayout());
            int result = call.call(errno);
            if (result < 0) {
                throw failure(what, -result);
            }
            return result;
        } catch (BpfException e) {
            throw e;
        } catch (Throwable e) {
            throw new BpfException(what + ": " + e);
        }
    }

    private static BpfException failure(String what, int errno) {
        String log = recentLog();
        return new BpfException(
                what + " failed: " + message(errno) + " (errno " + errno + ")"
                        + (log.isEmpty() ? "" : "\nlibbpf said:\n" + log),
                errno);
    }

    private static <T> T invoke(PlainCall<T> call) {
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new BpfException(e.toString());
        }
    }

    static String cString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL)
                ? ""
                : pointer.reinterpret(4096).getString(0);
    }

    private static MethodHandle call(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args));
    }

    private static MethodHandle voidCall(String name, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.ofVoid(args));
    }

    private static MethodHandle errnoCall(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), ERRNO);
    }

    private static MemorySegment symbol(String name) {
        return LIB.find(name)
                .orElseThrow(() -> new BpfException("libbpf.so.1 lacks " + name + " (libbpf 1.1 or newer needed)"));
    }
}
