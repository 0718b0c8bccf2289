package dev.lottery.analysis;

/**
 * An aggregate's values, one per framework in table order, in the definition's unit.
 * The array is the caller's to read; it is copied on the way in and out.
 */
public record AggregateResult(AggregateDefinition definition, double[] values) {

    public AggregateResult {
        values = values.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AggregateResult r && r.definition.equals(definition) && java.util.Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * definition.hashCode() + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "AggregateResult[" + definition.name() + "=" + java.util.Arrays.toString(values) + "]";
    }
}
