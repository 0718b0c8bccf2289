package dev.lottery.backbone.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for the subset of pickle that checkpoints use, and nothing more. Every global a
 * pickle names is checked against a short allow-list of data constructors (ordered dicts, tensor
 * rebuilds, storage types, NumPy arrays); any other global, and the opcodes that instantiate
 * arbitrary classes (INST, OBJ, EXT), stop the load with the name of what was found. Nothing in
 * the file is ever executed: the allowed "constructors" are plain Java that build data.
 *
 * <p>Razorvine's default handling of unknown globals and of BUILD (reflection on the target) is
 * bypassed by intercepting those opcodes here; its static constructor registry is never consulted.
 */
final class SafeUnpickler extends Unpickler {

    private static final short GLOBAL = 'c';
    private static final short STACK_GLOBAL = 0x93;
    private static final short INST = 'i';
    private static final short OBJ = 'o';
    private static final short BUILD = 'b';
    private static final short EXT1 = 0x82;
    private static final short EXT2 = 0x83;
    private static final short EXT4 = 0x84;
    private static final short NEWOBJ_EX = 0x92;
    private static final short SETITEMS = 'u';
    private static final short EMPTY_DICT = '}';

    private final String file;
    private final Function<String, byte[]> storageSource;
    /** Storages met so far, by key, in order of first reference (the legacy format needs that order). */
    private final Map<String, Storage> storages = new LinkedHashMap<>();

    SafeUnpickler(String file, Function<String, byte[]> storageSource) {
        this.file = file;
        this.storageSource = storageSource;
    }

    Map<String, Storage> storages() {
        return storages;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(global(module, name));
                return NO_RETURN_VALUE;
            }
            case STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(global(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case BUILD -> {
                Object state = stack.pop();
                Object target = stack.peek();
                if (target instanceof Buildable b) {
                    b.setState(state);
                } else {
                    throw refused("a BUILD (__setstate__) on " + describe(target));
                }
                return NO_RETURN_VALUE;
            }
            case EMPTY_DICT -> {
                stack.add(new LinkedHashMap<>()); // Python dicts keep insertion order
                return NO_RETURN_VALUE;
            }
            case SETITEMS -> {
                // razorvine collects the pairs in a HashMap first; keep the file's key order instead
                List<Object> pairs = stack.pop_all_since_marker();
                @SuppressWarnings("unchecked")
                Map<Object, Object> target = (Map<Object, Object>) stack.peek();
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    target.put(pairs.get(i), pairs.get(i + 1));
                }
                return NO_RETURN_VALUE;
            }
            case INST, OBJ -> throw refused("opcode " + (char) key + " (instantiates an arbitrary class)");
            case EXT1, EXT2, EXT4 -> throw refused("an extension-registry opcode (0x" + Integer.toHexString(key) + ")");
            case NEWOBJ_EX -> throw refused("opcode NEWOBJ_EX");
            default -> {
                return super.dispatch(key);
            }
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        // ('storage', storage_type, key, location, numel[, view_metadata])
        if (!(pid instanceof Object[] t) || t.length < 5 || !"storage".equals(t[0])) {
            throw refused("a persistent id other than a tensor storage: " + describe(pid));
        }
        if (!(t[1] instanceof StorageType type)) {
            throw refused("a storage of type " + describe(t[1]));
        }
        if (t.length > 5 && t[5] != null) {
            throw refused("a storage view (legacy view_metadata " + describe(t[5]) + ")");
        }
        String storageKey = String.valueOf(t[2]);
        long numel = ((Number) t[4]).longValue();
        return storages.computeIfAbsent(storageKey, k -> new Storage(k, type.dtype(), numel, storageSource));
    }

    private IObjectConstructor global(String module, String name) {
        String full = module + "." + name;
        switch (full) {
            case "collections.OrderedDict":
                return args -> {
                    if (args.length != 0) {
                        throw refused("OrderedDict built from arguments");
                    }
                    return new OrderedDict();
                };
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor":
                return this::rebuildTensor;
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state":
                return args -> args[0];
            case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct":
                return args -> new NumpyArray();
            case "numpy.ndarray":
                return args -> {
                    throw refused("numpy.ndarray called directly");
                };
            case "numpy.dtype":
                return args -> new NumpyDType(String.valueOf(args[0]));
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar":
                return args -> NumpyArray.scalar((NumpyDType) args[0], (byte[]) args[1]);
            case "_codecs.encode":
                return args -> latin1(args);
            case "argparse.Namespace":
                return args -> new Opaque(full);
            default:
                break;
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            DType dtype = DType.ofTorchStorage(name);
            if (dtype == null) {
                throw refused("tensor storage " + full + " (supported: FloatStorage, HalfStorage, DoubleStorage, "
                        + "LongStorage)");
            }
            return new StorageType(dtype);
        }
        throw refused("the global " + full);
    }

    private Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof Storage storage)) {
            throw refused("a tensor rebuilt from " + describe(args));
        }
        long offset = ((Number) args[1]).longValue();
        long[] shape = longs(args[2]);
        long[] stride = longs(args[3]);
        return new RawTensor(storage, offset, shape, stride);
    }

    private static long[] longs(Object tuple) {
        Object[] t = (Object[]) tuple;
        long[] out = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = ((Number) t[i]).longValue();
        }
        return out;
    }

    private Object latin1(Object[] args) {
        if (args.length != 2 || !(args[0] instanceof String s) || !"latin1".equals(args[1])) {
            throw refused("_codecs.encode with " + describe(args));
        }
        byte[] out = new byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }

    private CheckpointException refused(String what) {
        return new CheckpointException(file + ": refusing to load " + what
                + "; only state-dict pickles (dicts, tensors, storages, NumPy arrays) are read, and nothing in a"
                + " checkpoint is ever executed");
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Object[] a) {
            List<String> parts = new ArrayList<>();
            for (Object x : a) {
                parts.add(describe(x));
            }
            return "(" + String.join(", ", parts) + ")";
        }
        String s = o instanceof byte[] b ? "bytes[" + b.length + "]" : o.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** A value that a BUILD opcode may complete. */
    interface Buildable {
        void setState(Object state);
    }

    /** The value a {@code torch.XStorage} global stands for inside a persistent id. */
    record StorageType(DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new CheckpointException("a torch storage type cannot be called in a checkpoint pickle");
        }
    }

    /**
     * An OrderedDict. Module.state_dict() results carry instance attributes (torch's
     * {@code _metadata}: per-module versions), restored by BUILD; they are kept aside as data and
     * never mixed into the keys.
     */
    static final class OrderedDict extends LinkedHashMap<Object, Object> implements Buildable {
        private final Map<Object, Object> attributes = new LinkedHashMap<>();

        @Override
        public void setState(Object state) {
            if (!(state instanceof Map<?, ?> m)) {
                throw new CheckpointException("unsupported OrderedDict state " + describe(state)
                        + " (expected a dict of attributes such as _metadata)");
            }
            attributes.putAll(m);
        }

        Map<Object, Object> attributes() {
            return attributes;
        }
    }

    /** Inert metadata objects (e.g. argparse.Namespace): their attributes become a map, nothing runs. */
    static final class Opaque extends LinkedHashMap<Object, Object> implements Buildable {
        private final String type;

        Opaque(String type) {
            this.type = type;
        }

        @Override
        public void setState(Object state) {
            if (state instanceof Map<?, ?> m) {
                putAll(m);
            }
        }

        @Override
        public String toString() {
            return type + super.toString();
        }
    }

    /** numpy.dtype('f4', False, True) completed by BUILD (3, '<', ...). */
    static final class NumpyDType implements Buildable {
        final String code;
        String byteOrder = "=";

        NumpyDType(String code) {
            this.code = code;
        }

        @Override
        public void setState(Object state) {
            if (state instanceof Object[] t && t.length > 1) {
                byteOrder = String.valueOf(t[1]);
            }
        }

        DType dtype(String where) {
            DType d = DType.ofNumpy(code);
            if (d == null) {
                throw new CheckpointException(where + ": NumPy dtype '" + code + "' is not supported (float32, float16,"
                        + " float64, int64)");
            }
            if (byteOrder.equals(">")) {
                throw new CheckpointException(where + ": big-endian NumPy arrays are not supported");
            }
            return d;
        }

        @Override
        public String toString() {
            return "dtype(" + code + ")";
        }
    }

    /** numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') completed by BUILD (1, shape, dtype, fortran, bytes). */
    static final class NumpyArray implements Buildable {
        private RawTensor tensor;

        static NumpyArray scalar(NumpyDType dtype, byte[] data) {
            NumpyArray a = new NumpyArray();
            a.setState(new Object[] {1, new Object[0], dtype, false, data});
            return a;
        }

        @Override
        public void setState(Object state) {
            if (!(state instanceof Object[] t) || t.length != 5 || !(t[2] instanceof NumpyDType dt)
                    || !(t[4] instanceof byte[] data)) {
                throw new CheckpointException("unsupported NumPy array state " + describe(state)
                        + " (expected (version, shape, dtype, fortran_order, bytes))");
            }
            DType dtype = dt.dtype("NumPy array");
            long[] shape = longs(t[1]);
            long numel = 1;
            for (long d : shape) {
                numel *= d;
            }
            long[] stride = RawTensor.contiguous(shape);
            if (Boolean.TRUE.equals(t[3])) {
                // Fortran order: the first axis varies fastest
                long step = 1;
                for (int i = 0; i < shape.length; i++) {
                    stride[i] = step;
                    step *= shape[i];
                }
            }
            Storage storage = new Storage("numpy", dtype, numel, k -> data);
            tensor = new RawTensor(storage, 0, shape, stride);
        }

        RawTensor tensor() {
            if (tensor == null) {
                throw new CheckpointException("a NumPy array without its data (no BUILD)");
            }
            return tensor;
        }

        @Override
        public String toString() {
            return tensor == null ? "ndarray(?)" : "ndarray" + Arrays.toString(tensor.shape());
        }
    }
}
