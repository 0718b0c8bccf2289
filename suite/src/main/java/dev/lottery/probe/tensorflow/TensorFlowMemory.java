package dev.lottery.probe.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TFE_ContextListDevices;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;

import ai.djl.ndarray.NDManager;
import ai.djl.tensorflow.engine.TfNDManager;
import ai.djl.tensorflow.engine.javacpp.JavacppUtils;
import java.util.OptionalLong;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The memory TensorFlow gives a device, from the eager context's device list
 * ({@code TF_DeviceListMemoryBytes}): for a GPU, the limit of TensorFlow's allocator, which by
 * default reserves that pool when the engine starts, sized from the device's free memory then.
 */
final class TensorFlowMemory {

    private TensorFlowMemory() {}

    /** The limit for {@code manager}'s device, or empty when it is not a TensorFlow manager or the list lacks it. */
    static OptionalLong limit(NDManager manager) {
        if (!(manager instanceof TfNDManager tf)) {
            return OptionalLong.empty();
        }
        // e.g. "/device:GPU:0"; the list's names are "/job:localhost/replica:0/task:0/device:GPU:0"
        String device = JavacppUtils.toTfDevice(manager.getDevice());
        TF_Status status = TF_NewStatus();
        try {
            TF_DeviceList list = TFE_ContextListDevices(tf.getEagerSession(), status);
            if (TF_GetCode(status) != 0 || list == null) {
                return OptionalLong.empty();
            }
            try {
                for (int i = 0; i < TF_DeviceListCount(list); i++) {
                    String name = TF_DeviceListName(list, i, status).getString();
                    if (TF_GetCode(status) == 0 && name.endsWith(device)) {
                        long bytes = TF_DeviceListMemoryBytes(list, i, status);
                        return TF_GetCode(status) == 0 && bytes > 0 ? OptionalLong.of(bytes) : OptionalLong.empty();
                    }
                }
                return OptionalLong.empty();
            } finally {
                TF_DeleteDeviceList(list);
            }
        } finally {
            TF_DeleteStatus(status);
        }
    }
}
