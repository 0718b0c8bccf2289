package dev.lottery.backbone.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for the subset of pickle that checkpoints use, and nothing more. Every global a
 * pickle names is checked against a short allow-list of data constructors (ordered dicts, tensor
 * rebuilds, storage types, NumPy arrays, haiku's immutable mappings, and by exact module and name
 * the NamedTuples of BYOL's JAX release, which become inert {@link PickledObject}s); any other
 * global, and the opcodes that instantiate arbitrary classes (INST, OBJ, EXT), stop the load with
 * the name of what was found. Nothing in the file is ever executed: the allowed "constructors" are
 * plain Java that build data.
 *
 * <p>The BYOL release is written by {@code dill.dump(..., protocol=2)}
 * (deepmind-research byol/utils/checkpointing.py). dill names a NamedTuple class through
 * {@code dill._dill._create_namedtuple(name, fields, module)} and a NumPy array through
 * {@code dill._dill._create_array(_reconstruct, args, state, dict)}; both are read here as data, the
 * class only when its module.name and fields are on the allow-list. A plain pickle of the same
 * objects (GLOBAL or STACK_GLOBAL of the class, then NEWOBJ: {@code copyreg.__newobj__} as protocol 2
 * writes it) reads the same way.
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

    /**
     * The classes a checkpoint may instantiate, as inert records, by exact module.name, with their
     * fields: BYOL's experiment state (byol/byol_experiment.py), the states of its LARS optimizer
     * chain (byol/utils/optimizers.py: add_weight_decay, scale_by_lars, optax.scale), and optax's
     * state for scale (optax._src.transform.ScaleState in 2020 releases, base.EmptyState later).
     */
    private static final Map<String, List<String>> NAMED_TUPLES = Map.of(
            "byol.byol_experiment._ByolExperimentState",
            List.of("online_params", "target_params", "online_state", "target_state", "opt_state"),
            "byol.utils.optimizers.ScaleByLarsState", List.of("mu"),
            "byol.utils.optimizers.AddWeightDecayState", List.of(),
            "optax._src.transform.ScaleState", List.of(),
            "optax._src.base.EmptyState", List.of());

    /**
     * haiku's immutable two-level mappings for params and state ({module: {name: array}}): frozendict
     * reduces to {@code frozendict(dict)}, and later FlatMapping/FlatMap to {@code FlatMapping(dict)}.
     */
    private static final Set<String> HAIKU_MAPPINGS = Set.of("haiku._src.data_structures.frozendict",
            "haiku._src.data_structures.FlatMapping", "haiku._src.data_structures.FlatMap");

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
            case NEWOBJ_EX -> {
                // cls.__new__(cls, *args, **kwargs): the same inert constructors as NEWOBJ, without keywords
                Object kwargs = stack.pop();
                Object args = stack.pop();
                Object cls = stack.pop();
                if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty() || !(args instanceof Object[] a)
                        || !(cls instanceof IObjectConstructor c)) {
                    throw refused("NEWOBJ_EX of " + describe(cls) + " with " + describe(args) + ", " + describe(kwargs));
                }
                stack.add(c.construct(a));
                return NO_RETURN_VALUE;
            }
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
                return NumpyReconstruct.INSTANCE;
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
            case "dill._dill._create_namedtuple":
                return this::createNamedTuple;
            case "dill._dill._create_array":
                return this::createArray;
            default:
                break;
        }
        if (NAMED_TUPLES.containsKey(full)) {
            return namedTuple(full, "");
        }
        if (HAIKU_MAPPINGS.contains(full)) {
            return args -> {
                if (args.length > 1 || (args.length == 1 && !(args[0] instanceof Map))) {
                    throw refused(full + " built from " + describe(args) + " (expected one dict)");
                }
                return args.length == 0 ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<?, ?>) args[0]);
            };
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

    private NamedTupleClass namedTuple(String full, String via) {
        List<String> fields = NAMED_TUPLES.get(full);
        if (fields == null) {
            throw refused("the class " + full + via);
        }
        return new NamedTupleClass(full, fields, file);
    }

    /** dill's {@code _create_namedtuple(name, fields, module[, defaults])}: the class, when allow-listed. */
    private Object createNamedTuple(Object[] args) {
        if (args.length < 3 || args.length > 4 || !(args[0] instanceof String name) || !(args[1] instanceof Object[] f)
                || !(args[2] instanceof String module)) {
            throw refused("dill._dill._create_namedtuple with " + describe(args));
        }
        String full = module + "." + name;
        NamedTupleClass cls = namedTuple(full, " (a NamedTuple named by dill._dill._create_namedtuple)");
        List<String> found = Arrays.stream(f).map(String::valueOf).toList();
        if (!found.equals(cls.fields())) {
            throw refused("the class " + full + " with fields " + found + " (the allow-listed class has "
                    + cls.fields() + ")");
        }
        return cls;
    }

    /** dill's {@code _create_array(f, args, state, npdict)}: f(*args) then BUILD(state), f being NumPy's _reconstruct. */
    private Object createArray(Object[] args) {
        if (args.length < 3 || args.length > 4 || !(args[0] instanceof NumpyReconstruct reconstruct)
                || !(args[1] instanceof Object[] reconstructArgs)) {
            throw refused("dill._dill._create_array with " + describe(args));
        }
        if (args.length == 4 && args[3] != null && !(args[3] instanceof Map<?, ?> m && m.isEmpty())) {
            throw refused("a NumPy array with instance attributes " + describe(args[3]));
        }
        NumpyArray array = (NumpyArray) reconstruct.construct(reconstructArgs);
        array.setState(args[2]);
        return array;
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
                + "; only state-dict pickles (dicts, tensors, storages, NumPy arrays, and the allow-listed"
                + " NamedTuples of BYOL's JAX release) are read, and nothing in a checkpoint is ever executed");
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

    /**
     * An allow-listed NamedTuple class: calling it (REDUCE, NEWOBJ) with its field values gives an
     * inert {@link PickledObject}; no Python semantics beyond "a named record".
     */
    record NamedTupleClass(String type, List<String> fields, String file) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            if (args.length != fields.size()) {
                throw new CheckpointException(file + ": " + type + " built from " + args.length + " value(s), expected "
                        + fields.size() + " " + fields);
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                values.put(fields.get(i), args[i]);
            }
            return new PickledObject(type, values);
        }

        @Override
        public String toString() {
            return "class " + type;
        }
    }

    /** numpy.core.multiarray._reconstruct(ndarray, (0,), b'b'): an empty array that BUILD completes. */
    enum NumpyReconstruct implements IObjectConstructor {
        INSTANCE;

        @Override
        public Object construct(Object[] args) {
            return new NumpyArray();
        }
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
                        + " float64, int64, int32, uint32)");
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
