package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.Padding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declared key maps, one per release layout (names used by {@code --keymap} and in
 * {@code suite/catalog/frameworks.csv}). Each SSL map drops {@code fc.*}: what sits there in an SSL
 * release is a projector or an untrained head, never part of the frozen backbone. Only the
 * supervised {@code torchvision} map keeps {@code fc} (the canary's logits).
 */
public final class KeyMaps {

    /**
     * Changes whenever the same checkpoint file under the same key map name would give other weights
     * or another padding convention (part of feature cache keys, which name the file only by its
     * SHA-256). 2: the TF and JAX readers, and the padding each format implies.
     */
    public static final String VERSION = "keymaps/2";

    private static final String BN_COUNTER = "*.num_batches_tracked";

    /**
     * BYOL's JAX release (pretrain_res50x1.pkl): {@code dill.dump(dict(experiment_state=..., step=...,
     * rng=...), protocol=2)} of a {@code _ByolExperimentState(online_params, target_params,
     * online_state, target_state, opt_state)} (deepmind-research byol/utils/checkpointing.py,
     * byol_experiment.py). The backbone is the online network's {@code res_net50} params and BatchNorm
     * state: what BYOL's own linear evaluation restores (byol/eval_experiment.py reads
     * {@code experiment_state.online_params} and {@code .online_state}) and what byol-convert converts;
     * the target is the EMA teacher that only produces training targets. Ignored as declared: the
     * target network, the LARS optimizer state, step and rng, the projector and predictor MLPs, the
     * online linear classifier trained on stop-gradient features, and the EMAs' hidden/counter
     * bookkeeping.
     */
    private static final HaikuLayout BYOL_JAX = new HaikuLayout("experiment_state",
            "byol.byol_experiment._ByolExperimentState", "online_params", "online_state", "res_net50/~/",
            List.of("step", "rng", "experiment_state.target_params", "experiment_state.target_state",
                    "experiment_state.opt_state", "online_params/projector/*", "online_params/predictor/*",
                    "online_params/classifier/*", "online_state/projector/*", "online_state/predictor/*",
                    "*_ema/hidden", "*_ema/counter"),
            "deepmind-research byol/utils/checkpointing.py, byol_experiment.py, eval_experiment.py,"
                    + " utils/networks.py (haiku ResNet50 = res_net50)");
    private static final Map<String, KeyMap> MAPS = build();

    private KeyMaps() {}

    public static List<String> names() {
        return List.copyOf(MAPS.keySet());
    }

    /** The separator of a prefixed map name: {@code torchvision-ssl@module.encoder.}. */
    public static final String AT = "@";

    /**
     * A declared map by name, or {@code BASE@PREFIX}: BASE's names and ignored keys with the backbone under
     * {@code PREFIX} instead and every key outside it ignored (the user named where the backbone is: the
     * common "backbone.", "module.encoder." layouts of a new method's checkpoint).
     */
    public static KeyMap named(String name) {
        int at = name.indexOf(AT);
        if (at > 0) {
            KeyMap base = named(name.substring(0, at));
            String prefix = name.substring(at + 1);
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("key map '" + name + "' names no prefix after '" + AT + "'");
            }
            return new KeyMap(name, base.containers(), prefix, List.of("*"), base.dropped(),
                    base.source() + "; backbone under '" + prefix + "', every other key ignored", base.haiku(),
                    base.padding());
        }
        KeyMap m = MAPS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown key map '" + name + "'; known: " + MAPS.keySet()
                    + " (or BASE" + AT + "PREFIX, e.g. " + SSL + AT + "module.encoder.)");
        }
        return m;
    }

    /** The generic map for a new method's checkpoint: torchvision names, fc (a projector or head) dropped. */
    public static final String SSL = "torchvision-ssl";

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
                "the official JAX release pretrain_res50x1.pkl read directly (see BYOL_JAX), or its PyTorch"
                        + " conversion by ajtejankar/byol-convert (torchvision names; its resnet.py pads every conv and"
                        + " the max pool TF-'SAME' with pad_same, as the haiku network does)", Optional.of(BYOL_JAX),
                Padding.TF_SAME));
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
        add(m, new KeyMap(SSL, wrappers, "", List.of(), ssl,
                "a self-supervised ResNet-50 in torchvision names (a new method's checkpoint): fc, a projector or an"
                        + " untrained head in SSL releases, dropped"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, KeyMap> m, KeyMap k) {
        m.put(k.name(), k);
    }
}
