package dev.lottery.probe.tensorflow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.tensorflow.engine.TfNDManager;
import dev.lottery.probe.RowGather;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@link RowGather} by TensorFlow's GatherV2 kernel on the manager's device. DJL's TensorFlow
 * engine runs GatherV2 itself (inside {@code booleanMask}) but implements neither {@code take} nor
 * {@code gather}, and its op builder ({@code TfNDManager.opExecutor}) returns a package-private
 * type; so the builder's methods are called reflectively, once looked up. The result is an ordinary
 * DJL array owned by the given manager, which the fused step reads like any uploaded batch.
 */
final class TensorFlowGather implements RowGather {

    private static final Method OP_EXECUTOR;
    private static final Method ADD_INPUT;
    private static final Method BUILD;

    static {
        try {
            OP_EXECUTOR = TfNDManager.class.getMethod("opExecutor", String.class);
            Class<?> executor = OP_EXECUTOR.getReturnType();
            ADD_INPUT = executor.getMethod("addInput", NDArray.class);
            BUILD = executor.getMethod("buildSingletonOrThrow");
            ADD_INPUT.setAccessible(true); // public methods of a package-private class
            BUILD.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError("DJL's TensorFlow op builder changed: " + e.getMessage());
        }
    }

    @Override
    public NDArray gather(NDManager scope, NDArray source, NDArray indices) {
        if (!(scope instanceof TfNDManager tf)) {
            throw new IllegalArgumentException("the TensorFlow gather runs on a TensorFlow manager, got "
                    + scope.getEngine().getEngineName());
        }
        NDArray axis = scope.create(0);
        try {
            Object op = OP_EXECUTOR.invoke(tf, "GatherV2");
            ADD_INPUT.invoke(op, source);
            ADD_INPUT.invoke(op, indices);
            ADD_INPUT.invoke(op, axis);
            return (NDArray) BUILD.invoke(op);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("TensorFlow GatherV2 failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("DJL's TensorFlow op builder is not accessible", e);
        } finally {
            axis.close();
        }
    }
}
