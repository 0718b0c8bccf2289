package dev.lottery.backbone.checkpoint;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextAsyncWait;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_Execute;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInputList;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrBool;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.TfNDManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tensorflow.internal.c_api.TFE_Op;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * Test-only: writes a TensorFlow V2 checkpoint with TensorFlow's own {@code SaveV2} kernel (run as
 * a raw eager op, as {@code dev.lottery.probe.tensorflow.EagerOps} runs its ops), so the format under test
 * comes from TensorFlow, not from the reader's assumptions. Writes {@code prefix.index} and
 * {@code prefix.data-00000-of-00001}.
 */
public final class TfSaveV2 {

    /** A variable to save: float32 values or one int64 scalar. */
    public record Var(long[] shape, float[] floats, Long int64) {
        public static Var of(long[] shape, float[] values) {
            return new Var(shape, values, null);
        }

        public static Var scalar(long value) {
            return new Var(new long[0], null, value);
        }
    }

    private final Map<String, Var> vars = new LinkedHashMap<>();

    public TfSaveV2 put(String name, long[] shape, float[] values) {
        vars.put(name, Var.of(shape, values));
        return this;
    }

    public TfSaveV2 putInt64(String name, long value) {
        vars.put(name, Var.scalar(value));
        return this;
    }

    /** Runs SaveV2(prefix, names, "" slices, tensors) eagerly on the CPU. */
    public void save(Path prefix) {
        try (NDManager base = Engine.getEngine("TensorFlow").newBaseManager(Device.cpu())) {
            TfNDManager manager = (TfNDManager) base;
            List<String> names = new ArrayList<>(vars.keySet());
            NDArray prefixArray = manager.create(new String[] {prefix.toString()}, StandardCharsets.UTF_8, new Shape());
            NDArray nameArray = manager.create(names.toArray(String[]::new), StandardCharsets.UTF_8,
                    new Shape(names.size()));
            NDArray sliceArray = manager.create(names.stream().map(n -> "").toArray(String[]::new),
                    StandardCharsets.UTF_8, new Shape(names.size()));
            List<NDArray> tensors = new ArrayList<>();
            for (Var v : vars.values()) {
                tensors.add(v.floats() != null ? manager.create(v.floats(), new Shape(v.shape()))
                        : manager.create(v.int64()));
            }
            TF_Status status = TF_NewStatus();
            try {
                TFE_Op op = TFE_NewOp(manager.getEagerSession(), "SaveV2", status);
                check(status, "SaveV2");
                TFE_OpAddInput(op, handle(prefixArray), status);
                TFE_OpAddInput(op, handle(nameArray), status);
                TFE_OpAddInput(op, handle(sliceArray), status);
                check(status, "SaveV2 inputs");
                try (PointerPointer<TFE_TensorHandle> list = new PointerPointer<>(tensors.size())) {
                    for (int i = 0; i < tensors.size(); i++) {
                        list.put(i, handle(tensors.get(i)));
                    }
                    TFE_OpAddInputList(op, list, tensors.size(), status);
                    check(status, "SaveV2 tensors");
                }
                executeAndWait(op, manager, status, "SaveV2");
            } finally {
                TF_DeleteStatus(status);
            }
        }
    }

    /**
     * TensorFlow's MergeV2Checkpoints, as a sharded Saver runs it: the bundles at {@code prefixes}
     * become one bundle at {@code destination} with one data shard per input
     * ({@code .data-0000i-of-0000n}) and a merged index.
     */
    public static void merge(List<Path> prefixes, Path destination) {
        try (NDManager base = Engine.getEngine("TensorFlow").newBaseManager(Device.cpu())) {
            TfNDManager manager = (TfNDManager) base;
            NDArray sources = manager.create(prefixes.stream().map(Path::toString).toArray(String[]::new),
                    StandardCharsets.UTF_8, new Shape(prefixes.size()));
            NDArray target = manager.create(new String[] {destination.toString()}, StandardCharsets.UTF_8, new Shape());
            TF_Status status = TF_NewStatus();
            try {
                TFE_Op op = TFE_NewOp(manager.getEagerSession(), "MergeV2Checkpoints", status);
                check(status, "MergeV2Checkpoints");
                TFE_OpAddInput(op, handle(sources), status);
                TFE_OpAddInput(op, handle(target), status);
                check(status, "MergeV2Checkpoints inputs");
                TFE_OpSetAttrBool(op, "delete_old_dirs", (byte) 0);
                executeAndWait(op, manager, status, "MergeV2Checkpoints");
            } finally {
                TF_DeleteStatus(status);
            }
        }
    }

    private static TFE_TensorHandle handle(NDArray a) {
        return ((TfNDArray) a).getHandle();
    }

    private static void check(TF_Status status, String what) {
        if (TF_GetCode(status) != 0) {
            throw new IllegalStateException("TensorFlow " + what + " failed: " + TF_Message(status).getString());
        }
    }

    /** Runs an op without outputs and waits: DJL's eager context is asynchronous, so the files exist only after. */
    private static void executeAndWait(TFE_Op op, TfNDManager manager, TF_Status status, String what) {
        try (PointerPointer<TFE_TensorHandle> out = new PointerPointer<>(1);
                IntPointer count = new IntPointer(1)) {
            count.put(0);
            TFE_Execute(op, out, count, status);
            TFE_DeleteOp(op);
            check(status, what + " execute");
            TFE_ContextAsyncWait(manager.getEagerSession(), status);
            check(status, what);
        }
    }
}
