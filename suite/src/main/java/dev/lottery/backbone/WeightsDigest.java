package dev.lottery.backbone;

import dev.lottery.io.Digests;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 over sorted keys, shapes and little-endian float bits: a cache key for weights. */
public final class WeightsDigest {

    private WeightsDigest() {}

    public static String of(String context, Map<String, WeightTensor> weights) {
        MessageDigest sha = sha256();
        update(sha, context);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, WeightTensor> e : new TreeMap<>(weights).entrySet()) {
            update(sha, e.getKey());
            long[] shape = e.getValue().shape();
            buffer.clear();
            buffer.putInt(shape.length);
            for (long d : shape) {
                buffer.putLong(d);
            }
            sha.update(buffer.array(), 0, buffer.position());
            float[] values = e.getValue().values();
            for (int i = 0; i < values.length; ) {
                buffer.clear();
                int n = Math.min(values.length - i, buffer.capacity() / Float.BYTES);
                buffer.asFloatBuffer().put(values, i, n);
                sha.update(buffer.array(), 0, n * Float.BYTES);
                i += n;
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        return Digests.sha256();
    }
}
