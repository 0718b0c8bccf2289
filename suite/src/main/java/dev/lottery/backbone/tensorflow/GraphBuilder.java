package dev.lottery.backbone.tensorflow;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/** Appends float32 NHWC nodes to a TensorFlow {@link GraphDef}; each method returns the new tensor's name. */
final class GraphBuilder {

    /** A GraphDef producer version from the TF 2.x era; only used for op-compatibility checks. */
    private static final int PRODUCER = 1000;

    private final GraphDef.Builder graph = GraphDef.newBuilder()
            .setVersions(VersionDef.newBuilder().setProducer(PRODUCER));
    private final Set<String> names = new HashSet<>();

    GraphDef build() {
        return graph.build();
    }

    String placeholder(String name, long... shape) {
        return add(node(name, "Placeholder").putAttr("dtype", type(DataType.DT_FLOAT)).putAttr("shape", shape(shape)));
    }

    /** A float32 constant from row-major values, stored as little-endian tensor_content. */
    String constant(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(shapeProto(shape))
                .setTensorContent(ByteString.copyFrom(bytes.array()))
                .build();
        return add(node(name, "Const").putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()));
    }

    String scalar(String name, float value) {
        TensorProto tensor = TensorProto.newBuilder()
                .setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addFloatVal(value)
                .build();
        return add(node(name, "Const").putAttr("dtype", type(DataType.DT_FLOAT))
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()));
    }

    String intConstant(String name, long[] shape, int... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder()
                .setDtype(DataType.DT_INT32)
                .setTensorShape(shapeProto(shape));
        for (int v : values) {
            tensor.addIntVal(v);
        }
        return add(node(name, "Const").putAttr("dtype", type(DataType.DT_INT32))
                .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build()));
    }

    /** Zero-pads height and width symmetrically by {@code pad}, as PyTorch's conv padding does. */
    String padSpatial(String name, String x, int pad) {
        String paddings = spatialPaddings(name + "/paddings", pad);
        return add(node(name, "Pad").addInput(x).addInput(paddings).putAttr("T", floatType())
                .putAttr("Tpaddings", type(DataType.DT_INT32)));
    }

    /** Pads height and width symmetrically with a constant (e.g. -inf before a max pool). */
    String padSpatialWith(String name, String x, int pad, float value) {
        String paddings = spatialPaddings(name + "/paddings", pad);
        String fill = scalar(name + "/value", value);
        return add(node(name, "PadV2").addInput(x).addInput(paddings).addInput(fill).putAttr("T", floatType())
                .putAttr("Tpaddings", type(DataType.DT_INT32)));
    }

    private String spatialPaddings(String name, int pad) {
        return intConstant(name, new long[] {4, 2}, 0, 0, pad, pad, pad, pad, 0, 0);
    }

    /** VALID convolution; {@code filter} is HWIO. */
    String conv2d(String name, String x, String filter, int stride) {
        return conv2d(name, x, filter, stride, false);
    }

    /** Convolution with TF's own padding: 'SAME' when {@code same}, else 'VALID'; {@code filter} is HWIO. */
    String conv2d(String name, String x, String filter, int stride, boolean same) {
        return add(node(name, "Conv2D").addInput(x).addInput(filter).putAttr("T", floatType())
                .putAttr("strides", ints(1, stride, stride, 1))
                .putAttr("padding", string(same ? "SAME" : "VALID"))
                .putAttr("data_format", string("NHWC"))
                .putAttr("dilations", ints(1, 1, 1, 1))
                .putAttr("use_cudnn_on_gpu", AttrValue.newBuilder().setB(true).build()));
    }

    String relu(String name, String x) {
        return add(node(name, "Relu").addInput(x).putAttr("T", floatType()));
    }

    String add(String name, String a, String b) {
        return add(node(name, "AddV2").addInput(a).addInput(b).putAttr("T", floatType()));
    }

    String maxPool(String name, String x, int kernel, int stride) {
        return maxPool(name, x, kernel, stride, false);
    }

    /** Max pool with TF's own padding: 'SAME' (padded cells never win) when {@code same}, else 'VALID'. */
    String maxPool(String name, String x, int kernel, int stride, boolean same) {
        return add(node(name, "MaxPool").addInput(x).putAttr("T", floatType())
                .putAttr("ksize", ints(1, kernel, kernel, 1))
                .putAttr("strides", ints(1, stride, stride, 1))
                .putAttr("padding", string(same ? "SAME" : "VALID"))
                .putAttr("data_format", string("NHWC")));
    }

    /** Mean over height and width: global average pooling of NHWC to NC. */
    String spatialMean(String name, String x) {
        String axes = intConstant(name + "/axes", new long[] {2}, 1, 2);
        return add(node(name, "Mean").addInput(x).addInput(axes).putAttr("T", floatType())
                .putAttr("Tidx", type(DataType.DT_INT32))
                .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()));
    }

    /** x [n, in] times w^T where w is [out, in] (PyTorch Linear layout). */
    String matMulTransposed(String name, String x, String w) {
        return add(node(name, "MatMul").addInput(x).addInput(w).putAttr("T", floatType())
                .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
                .putAttr("transpose_b", AttrValue.newBuilder().setB(true).build()));
    }

    String biasAdd(String name, String x, String bias) {
        return add(node(name, "BiasAdd").addInput(x).addInput(bias).putAttr("T", floatType())
                .putAttr("data_format", string("NHWC")));
    }

    String identity(String name, String x) {
        return add(node(name, "Identity").addInput(x).putAttr("T", floatType()));
    }

    private NodeDef.Builder node(String name, String op) {
        return NodeDef.newBuilder().setName(name).setOp(op);
    }

    private String add(NodeDef.Builder node) {
        if (!names.add(node.getName())) {
            throw new IllegalStateException("duplicate graph node name " + node.getName());
        }
        graph.addNode(node);
        return node.getName();
    }

    static TensorShapeProto shapeProto(long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return shape.build();
    }

    private static AttrValue shape(long... dims) {
        return AttrValue.newBuilder().setShape(shapeProto(dims)).build();
    }

    private static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    private static AttrValue floatType() {
        return type(DataType.DT_FLOAT);
    }

    private static AttrValue string(String s) {
        return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
    }

    private static AttrValue ints(long... values) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (long v : values) {
            list.addI(v);
        }
        return AttrValue.newBuilder().setList(list).build();
    }
}
