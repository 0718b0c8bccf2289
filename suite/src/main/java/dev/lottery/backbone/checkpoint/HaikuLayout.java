package dev.lottery.backbone.checkpoint;

import java.util.List;

/**
 * Where a haiku (JAX) release keeps its ResNet-50: the top-level key holding the pickled
 * experiment state, that state's allow-listed class, the fields holding the backbone's parameters
 * and BatchNorm state, and the haiku module prefix of the encoder. Everything else in the file must
 * match {@code ignored}, written as paths: top-level keys ({@code step}), experiment-state fields
 * ({@code experiment_state.opt_state}), and leaves {@code <field>/<module>/<name>}
 * ({@code online_params/projector/~/linear/w}); patterns as in {@link KeyMap} ({@code prefix*},
 * {@code *suffix}, exact).
 *
 * @param container  the top-level key of the experiment state
 * @param stateClass the experiment state's Python class (module.name)
 * @param params     the field holding the haiku params {module: {name: array}}
 * @param state      the field holding the haiku state (BatchNorm moving averages)
 * @param encoder    the module prefix of the ResNet, e.g. {@code res_net50/~/}
 * @param ignored    the declared leftovers
 * @param source     where the layout comes from
 */
public record HaikuLayout(String container, String stateClass, String params, String state, String encoder,
        List<String> ignored, String source) {

    public HaikuLayout {
        ignored = List.copyOf(ignored);
    }
}
