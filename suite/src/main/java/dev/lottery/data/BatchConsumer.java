package dev.lottery.data;

/** Receives the batches of an {@link ImagePipeline} run, in dataset order, on the calling thread. */
@FunctionalInterface
public interface BatchConsumer {
    void accept(ImageBatch batch) throws Exception;
}
