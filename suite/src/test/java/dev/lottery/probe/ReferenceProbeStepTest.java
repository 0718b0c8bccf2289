package dev.lottery.probe;

/** Every check of {@link ProbeStepTest}, on the reference step (plain DJL NDArray ops). */
class ReferenceProbeStepTest extends ProbeStepTest {

    @Override
    ProbeStep.Factory steps() {
        return ReferenceProbeStep::new;
    }
}
