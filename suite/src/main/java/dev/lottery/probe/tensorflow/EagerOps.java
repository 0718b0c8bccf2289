package dev.lottery.probe.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_DeleteTensorHandle;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_Execute;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_NewOp;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInput;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpAddInputList;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrBool;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrInt;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrString;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetAttrType;
import static org.tensorflow.internal.c_api.global.tensorflow.TFE_OpSetDevice;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.tensorflow.engine.TfNDArray;
import ai.djl.tensorflow.engine.TfNDManager;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_Op;
import org.tensorflow.internal.c_api.TFE_TensorHandle;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The TensorFlow eager ops the probe step needs and DJL's NDArray API does not expose: MatMul with
 * its transpose flags, Softmax with a scatter of the one-hot term, and resource
 * variables updated in place by the fused ResourceApplyMomentum kernel. With them a step is two
 * matrix products plus a few single passes, with no transposed copy of the batch (see
 * {@link FusedProbeStep}). Ops run in the DJL manager's eager context on its device, on handles that
 * DJL arrays own (never deleted here) or that this object owns: every op output is kept in a
 * scratch list freed by {@link #freeScratch()}; variables are freed by {@link Variable#close()}.
 * Not thread-safe: one per step object.
 */
final class EagerOps implements AutoCloseable {

    private static final int DT_FLOAT = 1;

    private final TfNDManager manager;
    private final TFE_Context context;
    private final String device;
    private final TF_Status status;
    private final List<TFE_TensorHandle> scratch = new ArrayList<>();
    private final List<NDArray> scalars = new ArrayList<>();
    /** {@code 0..B-1} and B times -1 for the last batch size asked, kept across steps (batches repeat their size). */
    private final BatchConstant rowIndices;
    private final BatchConstant minusOnes;
    /** B ones as a {@code [B][1]} column, for batches that come without the bias column. */
    private final BatchConstant onesColumn;

    EagerOps(TfNDManager manager) {
        this.manager = manager;
        this.rowIndices = new BatchConstant(rows -> manager.create(java.util.stream.IntStream.range(0, rows).toArray()));
        this.minusOnes = new BatchConstant(rows -> manager.create(filled(rows, -1f)));
        this.onesColumn = new BatchConstant(
                rows -> manager.create(filled(rows, 1f), new ai.djl.ndarray.types.Shape(rows, 1)));
        this.context = manager.getEagerSession();
        this.device = JavacppUtils.toTfDevice(manager.getDevice());
        this.status = TF_NewStatus();
    }

    Device device() {
        return manager.getDevice();
    }

    static TFE_TensorHandle handle(NDArray array) {
        return ((TfNDArray) array).getHandle();
    }

    /** {@code a . b} with either operand transposed on the fly (no copy). */
    TFE_TensorHandle matMul(TFE_TensorHandle a, TFE_TensorHandle b, boolean transposeA, boolean transposeB) {
        TFE_Op op = op("MatMul");
        input(op, a);
        input(op, b);
        TFE_OpSetAttrBool(op, "transpose_a", (byte) (transposeA ? 1 : 0));
        TFE_OpSetAttrBool(op, "transpose_b", (byte) (transposeB ? 1 : 0));
        return single(op);
    }

    /**
     * {@code softmax(logits) - onehot(labels)} for int32 {@code labels} [B]: the Softmax kernel (one
     * pass that subtracts the row max before exponentiating), then the one-hot term subtracted at the
     * B places {@code (i, labels[i])} by TensorScatterAdd. Cheaper than SparseSoftmaxCrossEntropyWithLogits,
     * whose loss output the step never reads (1.6 against 3.3 ms at 1024 x 1000 on a 2-core EPYC).
     */
    TFE_TensorHandle softmaxMinusOneHot(TFE_TensorHandle logits, TFE_TensorHandle labels, int rows) {
        TFE_Op softmax = op("Softmax");
        input(softmax, logits);
        TFE_TensorHandle p = single(softmax);
        TFE_Op places = op("Pack");
        try (PointerPointer<TFE_TensorHandle> list = new PointerPointer<>(2)) {
            list.put(0, handle(rowIndices.of(rows)));
            list.put(1, labels);
            TFE_OpAddInputList(places, list, 2, status);
            check("Pack inputs");
        }
        TFE_OpSetAttrInt(places, "axis", 1);
        TFE_TensorHandle at = single(places);
        TFE_Op scatter = op("TensorScatterAdd");
        input(scatter, p);
        input(scatter, at);
        input(scatter, handle(minusOnes.of(rows)));
        TFE_TensorHandle g = single(scatter);
        release(p);
        release(at);
        return g;
    }

    TFE_TensorHandle add(TFE_TensorHandle a, TFE_TensorHandle b) {
        TFE_Op op = op("AddV2");
        input(op, a);
        input(op, b);
        return single(op);
    }

    TFE_TensorHandle scale(TFE_TensorHandle a, double factor) {
        TFE_Op op = op("Mul");
        input(op, a);
        input(op, scratchFloat((float) factor));
        return single(op);
    }

    /** {@code a * b} elementwise, {@code b} broadcast (e.g. a {@code [rows][1]} column scaling each row). */
    TFE_TensorHandle mul(TFE_TensorHandle a, TFE_TensorHandle b) {
        TFE_Op op = op("Mul");
        input(op, a);
        input(op, b);
        return single(op);
    }

    /** Rows {@code from .. from+count-1} of a {@code [rows][cols]} matrix (a copy). */
    TFE_TensorHandle rows(TFE_TensorHandle matrix, int from, int count) {
        TFE_Op op = op("Slice");
        input(op, matrix);
        input(op, scratchInt32Vector(from, 0));
        input(op, scratchInt32Vector(count, -1));
        return single(op);
    }

    /** {@code [B][dim]} rows each followed by a 1: {@code [B][dim + 1]} (a copy; batch sources write the column for free). */
    TFE_TensorHandle withOnesColumn(TFE_TensorHandle x, int rows) {
        TFE_Op op = op("ConcatV2");
        try (PointerPointer<TFE_TensorHandle> list = new PointerPointer<>(2)) {
            list.put(0, x);
            list.put(1, handle(onesColumn.of(rows)));
            TFE_OpAddInputList(op, list, 2, status);
            check("ConcatV2 inputs");
        }
        input(op, scratchInt32Scalar(1));
        TFE_OpSetAttrInt(op, "N", 2);
        return single(op);
    }

    /** The Euclidean norm of all elements, read back to the host. */
    double norm(TFE_TensorHandle a, int rank) {
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
        }
        TFE_Op op = op("EuclideanNorm");
        input(op, a);
        input(op, scratchInt32Vector(axes));
        TFE_TensorHandle n = single(op);
        return JavacppUtils.getByteBuffer(n).order(ByteOrder.nativeOrder()).getFloat(0);
    }

    /** The first element of a matrix, read back to the host (slices first: reading copies the whole tensor). */
    float first(TFE_TensorHandle matrix) {
        TFE_Op op = op("Slice");
        input(op, matrix);
        input(op, scratchInt32Vector(0, 0));
        input(op, scratchInt32Vector(1, 1));
        TFE_TensorHandle one = single(op);
        return JavacppUtils.getByteBuffer(one).order(ByteOrder.nativeOrder()).getFloat(0);
    }

    Variable variable(NDArray initial) {
        TFE_Op op = op("VarHandleOp");
        // a unique shared name: two variables with one name in a context would be the same variable
        String name = "lottery-probe-" + UUID.randomUUID();
        try (BytePointer shared = new BytePointer(name); BytePointer empty = new BytePointer("")) {
            TFE_OpSetAttrString(op, "shared_name", shared, name.length());
            TFE_OpSetAttrString(op, "container", empty, 0);
        }
        TFE_OpSetAttrType(op, "dtype", DT_FLOAT);
        long[] shape = initial.getShape().getShape();
        TFE_OpSetAttrShape(op, "shape", shape, shape.length, status);
        check("VarHandleOp shape");
        TFE_TensorHandle resource = execute(op, 1, false)[0];
        Variable v = new Variable(resource);
        TFE_Op assign = op("AssignVariableOp");
        input(assign, resource);
        input(assign, handle(initial));
        execute(assign, 0, false);
        return v;
    }

    /** PyTorch's SGD momentum on a variable: {@code acc = m*acc + g; var -= lr*(nesterov ? g + m*acc : acc)}. */
    void applyMomentum(Variable var, Variable accumulator, double lr, TFE_TensorHandle grad, double momentum,
            boolean nesterov) {
        TFE_Op op = op("ResourceApplyMomentum");
        input(op, var.resource);
        input(op, accumulator.resource);
        input(op, scratchFloat((float) lr));
        input(op, grad);
        input(op, scratchFloat((float) momentum));
        TFE_OpSetAttrBool(op, "use_nesterov", (byte) (nesterov ? 1 : 0));
        execute(op, 0, false);
    }

    /** Replaces a variable's value with {@code value}'s (same shape; the value stays the caller's). */
    void assign(Variable var, NDArray value) {
        TFE_Op op = op("AssignVariableOp");
        input(op, var.resource);
        input(op, handle(value));
        execute(op, 0, false);
    }

    TFE_TensorHandle read(Variable var) {
        TFE_Op op = op("ReadVariableOp");
        input(op, var.resource);
        TFE_OpSetAttrType(op, "dtype", DT_FLOAT);
        return single(op);
    }

    /** A variable's value copied to the host. */
    float[] toFloats(Variable var) {
        TFE_TensorHandle value = read(var);
        ByteBuffer bytes = JavacppUtils.getByteBuffer(value).order(ByteOrder.nativeOrder());
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    /**
     * Frees one op output now. A value read from a variable must be released before the variable
     * is updated: while a second reference to its buffer lives, TensorFlow copies the whole buffer
     * before updating it in place.
     */
    void release(TFE_TensorHandle h) {
        if (scratch.remove(h)) {
            TFE_DeleteTensorHandle(h);
        }
    }

    /** Frees every op output made since the last call (DJL-owned inputs are untouched). */
    void freeScratch() {
        for (TFE_TensorHandle h : scratch) {
            TFE_DeleteTensorHandle(h);
        }
        scratch.clear();
        scalars.forEach(NDArray::close);
        scalars.clear();
    }

    @Override
    public void close() {
        freeScratch();
        rowIndices.close();
        minusOnes.close();
        onesColumn.close();
        TF_DeleteStatus(status);
    }

    /** A resource variable living on the device; {@link #close()} destroys it. */
    final class Variable implements AutoCloseable {
        private final TFE_TensorHandle resource;
        private boolean closed;

        private Variable(TFE_TensorHandle resource) {
            this.resource = resource;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            TFE_Op op = op("DestroyResourceOp");
            input(op, resource);
            TFE_OpSetAttrBool(op, "ignore_lookup_error", (byte) 1);
            execute(op, 0, false);
            TFE_DeleteTensorHandle(resource);
        }
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** A constant made for a batch size and kept while batches keep that size (they repeat it: only the last differs). */
    private static final class BatchConstant implements AutoCloseable {
        private final java.util.function.IntFunction<NDArray> make;
        private NDArray value;

        BatchConstant(java.util.function.IntFunction<NDArray> make) {
            this.make = make;
        }

        NDArray of(int rows) {
            if (value == null || value.getShape().get(0) != rows) {
                close();
                value = make.apply(rows);
            }
            return value;
        }

        @Override
        public void close() {
            if (value != null) {
                value.close();
                value = null;
            }
        }
    }

    private TFE_TensorHandle scratchFloat(float v) {
        NDArray a = manager.create(v);
        scalars.add(a);
        return handle(a);
    }

    private TFE_TensorHandle scratchInt32Scalar(int v) {
        NDArray a = manager.create(v);
        scalars.add(a);
        return handle(a);
    }

    private TFE_TensorHandle scratchInt32Vector(int... v) {
        NDArray a = manager.create(v);
        scalars.add(a);
        return handle(a);
    }

    private TFE_Op op(String name) {
        TFE_Op op = TFE_NewOp(context, name, status);
        check(name);
        TFE_OpSetDevice(op, device, status);
        check(name + " device");
        return op;
    }

    private void input(TFE_Op op, TFE_TensorHandle h) {
        TFE_OpAddInput(op, h, status);
        check("input");
    }

    private TFE_TensorHandle single(TFE_Op op) {
        return execute(op, 1)[0];
    }

    private TFE_TensorHandle[] execute(TFE_Op op, int outputs) {
        return execute(op, outputs, true);
    }

    private TFE_TensorHandle[] execute(TFE_Op op, int outputs, boolean toScratch) {
        try (PointerPointer<TFE_TensorHandle> out = new PointerPointer<>(Math.max(outputs, 1));
                IntPointer count = new IntPointer(1)) {
            count.put(outputs);
            TFE_Execute(op, out, count, status);
            TFE_DeleteOp(op);
            check("execute");
            TFE_TensorHandle[] result = new TFE_TensorHandle[outputs];
            for (int i = 0; i < outputs; i++) {
                result[i] = out.get(TFE_TensorHandle.class, i);
                if (toScratch) {
                    scratch.add(result[i]);
                }
            }
            return result;
        }
    }

    private void check(String what) {
        if (TF_GetCode(status) != 0) {
            throw new IllegalStateException("TensorFlow " + what + " failed: " + TF_Message(status).getString());
        }
    }
}
