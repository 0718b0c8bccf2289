package dev.lottery.probe;

/**
 * Where a head's training resumes from, and what it keeps after each epoch: the head and the optimizer
 * state after a number of completed epochs. {@link #NONE} trains from the start and keeps nothing.
 */
public interface Resume {

    /** The head and the optimizer state ({@link ProbeStep#state()}) after {@code epochs} completed epochs. */
    record State(int epochs, LinearHead head, float[][] optimizer) {}

    /** The state to start from, or null for the start. */
    State state();

    /** Called after each completed epoch (1-based count), with the step holding the head and optimizer then. */
    void completed(int epochs, ProbeStep step);

    Resume NONE = new Resume() {
        @Override
        public State state() {
            return null;
        }

        @Override
        public void completed(int epochs, ProbeStep step) {}
    };
}
