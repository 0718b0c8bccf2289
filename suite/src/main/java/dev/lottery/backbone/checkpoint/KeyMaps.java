package dev.lottery.backbone.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared key maps, one per release layout (names used by {@code --keymap} and in
 * {@code suite/catalog/frameworks.csv}). Each SSL map drops {@code fc.*}: what sits there in an SSL
 * release is a projector or an untrained head, never part of the frozen backbone. Only the
 * supervised {@code torchvision} map keeps {@code fc} (the canary's logits).
 */
public final class KeyMaps {

    private static final String BN_COUNTER = "*.num_batches_tracked";
    private static final Map<String, KeyMap> MAPS = build();

    private KeyMaps() {}

    public static List<String> names() {
        return List.copyOf(MAPS.keySet());
    }

    public static KeyMap named(String name) {
        KeyMap m = MAPS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown key map '" + name + "'; known: " + MAPS.keySet());
        }
        return m;
    }

    private static Map<String, KeyMap> build() {
        List<String> ssl = List.of("fc*", BN_COUNTER);
        List<String> wrappers = List.of("state_dict", "model");
        Map<String, KeyMap> m = new LinkedHashMap<>();
        add(m, new KeyMap("torchvision", wrappers, "", List.of(), List.of(BN_COUNTER),
                "torchvision.models.resnet50 state dict (fc kept: the supervised canary's logits)"));
        List<String> mocoOutside = List.of("module.encoder_k.*", "module.queue", "module.queue_ptr", BN_COUNTER);
        add(m, new KeyMap("moco", wrappers, "module.encoder_q.", mocoOutside, ssl,
                "facebookresearch/moco main_moco.py: checkpoint['state_dict'], query encoder under module.encoder_q."));
        add(m, new KeyMap("pcl", wrappers, "module.encoder_q.", mocoOutside, ssl,
                "salesforce/PCL main_pcl.py: MoCo layout, query encoder under module.encoder_q."));
        add(m, new KeyMap("mocov3", wrappers, "module.base_encoder.",
                List.of("module.momentum_encoder.*", "module.predictor.*", BN_COUNTER), ssl,
                "facebookresearch/moco-v3 main_moco.py: base encoder under module.base_encoder. (fc = projector)"));
        List<String> swavDrop = List.of("fc*", "projection_head*", "prototypes*", BN_COUNTER);
        for (String n : List.of("swav", "deepclusterv2", "selav2")) {
            add(m, new KeyMap(n, wrappers, "module.", List.of(), swavDrop,
                    "facebookresearch/swav main_" + n.replace("v2", "") + ".py: DistributedDataParallel state dict"
                            + " (module.), projection_head and prototypes dropped"));
        }
        add(m, new KeyMap("simclr", wrappers, "", List.of(), ssl,
                "tonylins/simclr-converter: torchvision names under 'state_dict' (its fc is the released linear head);"
                        + " the official TensorFlow checkpoint itself is read by SimclrTfLayout"));
        add(m, new KeyMap("byol", wrappers, "", List.of(), ssl,
                "ajtejankar/byol-convert: torchvision names (the official JAX release wraps its arrays in a Python class and is refused)"));
        add(m, new KeyMap("simsiam", wrappers, "module.encoder.", List.of("module.predictor.*", BN_COUNTER), ssl,
                "facebookresearch/simsiam main_simsiam.py: encoder under module.encoder. (fc = projector)"));
        add(m, new KeyMap("obow", List.of("network", "state_dict", "model"), "", List.of(), ssl,
                "valeoai/obow release: a zip holding <dir>/tochvision_resnet50_student_K8192_epoch200.pth.tar"
                        + " in \"torchvision-like format\" (README); the wrapper key is unverified, so"
                        + " network/state_dict/model or none are accepted"));
        add(m, new KeyMap("dino", List.of("state_dict", "teacher"), "", List.of(), ssl,
                "facebookresearch/dino: dino_resnet50_pretrain.pth is a backbone-only torchvision state dict"));
        add(m, new KeyMap("barlowtwins", wrappers, "", List.of(), ssl,
                "facebookresearch/barlowtwins: resnet50.pth is a torchvision state dict with fc = Identity"));
        add(m, new KeyMap("vicreg", wrappers, "", List.of(), ssl,
                "facebookresearch/vicreg: resnet50.pth, torchvision names, no fc"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, KeyMap> m, KeyMap k) {
        m.put(k.name(), k);
    }
}
