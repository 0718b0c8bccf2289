package dev.lottery.backbone.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The element types a checkpoint tensor may have; anything else is rejected by name. */
public enum DType {
    FLOAT32(4), FLOAT16(2), FLOAT64(8), INT64(8),
    /** NumPy only: haiku's EMA counters (int32) and JAX PRNG keys (uint32) in the BYOL release. */
    INT32(4), UINT32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** PyTorch's typed storage class names ({@code torch.FloatStorage}, ...). */
    static DType ofTorchStorage(String name) {
        return switch (name) {
            case "FloatStorage" -> FLOAT32;
            case "HalfStorage" -> FLOAT16;
            case "DoubleStorage" -> FLOAT64;
            case "LongStorage" -> INT64;
            default -> null;
        };
    }

    /** NumPy type strings as in {@code numpy.dtype('f4')}. */
    static DType ofNumpy(String code) {
        return switch (code) {
            case "f4", "float32" -> FLOAT32;
            case "f2", "float16" -> FLOAT16;
            case "f8", "float64" -> FLOAT64;
            case "i8", "int64" -> INT64;
            case "i4", "int32" -> INT32;
            case "u4", "uint32" -> UINT32;
            default -> null;
        };
    }

    /** Element {@code index} of little-endian {@code data} as a double. */
    double read(ByteBuffer data, long index) {
        int at = Math.toIntExact(index * bytes);
        return switch (this) {
            case FLOAT32 -> data.getFloat(at);
            case FLOAT16 -> halfToFloat(data.getShort(at));
            case FLOAT64 -> data.getDouble(at);
            case INT64 -> data.getLong(at);
            case INT32 -> data.getInt(at);
            case UINT32 -> Integer.toUnsignedLong(data.getInt(at));
        };
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant / 1024f / 16384f; // subnormal: mant x 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    static ByteBuffer littleEndian(byte[] data) {
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }
}
