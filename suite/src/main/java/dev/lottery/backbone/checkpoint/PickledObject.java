package dev.lottery.backbone.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance of an allow-listed Python class, kept as inert data: its type name and its fields in
 * declaration order. Only NamedTuples are allowed (BYOL's experiment state and the optax/LARS
 * optimizer states inside it), so the fields are exactly the positional values the pickle gave;
 * no code of the class runs and no behaviour beyond "a named record of values" is assumed.
 *
 * @param type   the Python class as {@code module.QualName}
 * @param fields field name to value, in the class's field order
 */
public record PickledObject(String type, Map<String, Object> fields) {

    public PickledObject {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The value of {@code field}, or a CheckpointException naming the type and its fields. */
    public Object field(String field) {
        if (!fields.containsKey(field)) {
            throw new CheckpointException(type + " has no field '" + field + "'; its fields are " + fields.keySet());
        }
        return fields.get(field);
    }

    @Override
    public String toString() {
        return type + fields.keySet();
    }
}
