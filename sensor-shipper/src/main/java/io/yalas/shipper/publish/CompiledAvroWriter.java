package io.yalas.shipper.publish;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Writes records of one schema in Avro binary, with every per-field decision (type, union branch,
 * logical type, enum mapping) taken once when the writer is built instead of per value. Avro's
 * SpecificDatumWriter resolves each union by looking the value's schema name up in a hash map: with
 * the event schema's many nullable fields, serialization was about a third of the pipeline thread's
 * profile samples. The bytes are exactly Avro's (tested against SpecificDatumWriter on the events of
 * the real captures).
 *
 * <p>Covers the types the event schemas use: primitives, strings, bytes, enums, arrays, nested records,
 * timestamp-millis and unions of null with one other type. Any other schema is refused when the writer
 * is built, so a schema change that needs more fails at start-up, not on some event later.
 */
public final class CompiledAvroWriter<T extends IndexedRecord> implements DatumWriter<T> {
    private interface Node {
        void write(Object value, Encoder out) throws IOException;
    }

    private final Schema schema;
    private final Node root;

    private CompiledAvroWriter(Schema schema, Node root) {
        this.schema = schema;
        this.root = root;
    }

    /** @throws IllegalArgumentException if the schema uses a construct this writer does not cover */
    public static <T extends IndexedRecord> CompiledAvroWriter<T> of(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("a record schema is needed, got " + schema.getType());
        }
        return new CompiledAvroWriter<>(schema, compile(schema));
    }

    /** Compiled for one schema: another cannot be set afterwards. */
    @Override
    public void setSchema(Schema other) {
        if (!schema.equals(other)) {
            throw new IllegalArgumentException("this writer is compiled for " + schema.getFullName() + ", not for another schema");
        }
    }

    @Override
    public void write(T record, Encoder out) throws IOException {
        root.write(record, out);
    }

    private static Node compile(Schema s) {
        switch (s.getType()) {
            case NULL:
                return (v, out) -> out.writeNull();
            case BOOLEAN:
                return (v, out) -> out.writeBoolean((Boolean) v);
            case INT:
                return (v, out) -> out.writeInt(((Number) v).intValue());
            case LONG:
                return longNode(s);
            case FLOAT:
                return (v, out) -> out.writeFloat(((Number) v).floatValue());
            case DOUBLE:
                return (v, out) -> out.writeDouble(((Number) v).doubleValue());
            case STRING:
                return new StringNode();
            case BYTES:
                return (v, out) -> out.writeBytes((ByteBuffer) v);
            case ENUM:
                return new EnumNode(s);
            case ARRAY:
                return arrayNode(compile(s.getElementType()));
            case RECORD:
                return recordNode(s);
            case UNION:
                return unionNode(s);
            default:
                throw new IllegalArgumentException("schema type " + s.getType() + " is not supported (in "
                        + s.getName() + ")");
        }
    }

    private static Node longNode(Schema s) {
        LogicalType lt = s.getLogicalType();
        if (lt == null) {
            return (v, out) -> out.writeLong(((Number) v).longValue());
        }
        if (lt instanceof LogicalTypes.TimestampMillis) {
            // specific records hold java.time.Instant here (Avro's TimestampMillisConversion)
            return (v, out) -> out.writeLong(v instanceof Instant i ? i.toEpochMilli() : ((Number) v).longValue());
        }
        throw new IllegalArgumentException("logical type " + lt.getName() + " is not supported");
    }

    private static Node arrayNode(Node item) {
        return (v, out) -> {
            Collection<?> items = (Collection<?>) v;
            out.writeArrayStart();
            out.setItemCount(items.size());
            for (Object o : items) {
                out.startItem();
                item.write(o, out);
            }
            out.writeArrayEnd();
        };
    }

    private static Node recordNode(Schema s) {
        List<Schema.Field> fields = s.getFields();
        Node[] nodes = new Node[fields.size()];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = compile(fields.get(i).schema());
        }
        return (v, out) -> {
            IndexedRecord r = (IndexedRecord) v;
            int i = 0;
            try {
                for (; i < nodes.length; i++) {
                    nodes[i].write(r.get(i), out);
                }
            } catch (NullPointerException | ClassCastException e) {
                throw new IllegalArgumentException(s.getName() + "." + fields.get(i).name() + ": " + e.getMessage(), e);
            }
        };
    }

    private static Node unionNode(Schema s) {
        List<Schema> branches = s.getTypes();
        int nullIndex = -1;
        for (int i = 0; i < branches.size(); i++) {
            if (branches.get(i).getType() == Schema.Type.NULL) {
                nullIndex = i;
            }
        }
        if (branches.size() != 2 || nullIndex < 0) {
            throw new IllegalArgumentException("only unions of null and one type are supported, got " + s);
        }
        int nulls = nullIndex;
        int valueIndex = 1 - nullIndex;
        Node value = compile(branches.get(valueIndex));
        return (v, out) -> {
            if (v == null) {
                out.writeIndex(nulls);
                out.writeNull();
            } else {
                out.writeIndex(valueIndex);
                value.write(v, out);
            }
        };
    }

    /**
     * Strings as Avro writes them (length, UTF-8 bytes), with the UTF-8 of recently seen String instances
     * kept: host, boot id, comm, exe, syscall and fd-table paths are the same objects event after event,
     * so most strings are not encoded again. A slot is reused only for the very same instance.
     */
    private static final class StringNode implements Node {
        private static final int SLOTS = 256;
        private final String[] strings = new String[SLOTS];
        private final byte[][] utf8 = new byte[SLOTS][];

        @Override
        public void write(Object v, Encoder out) throws IOException {
            if (v instanceof String s) {
                int i = s.hashCode() & (SLOTS - 1);
                if (strings[i] != s) {
                    utf8[i] = s.getBytes(StandardCharsets.UTF_8);
                    strings[i] = s;
                }
                out.writeBytes(utf8[i]); // the same encoding as writeString: length, then the bytes
            } else if (v instanceof Utf8 u) {
                out.writeString(u);
            } else {
                out.writeString(v.toString());
            }
        }
    }

    /** Java enum ordinal -> schema ordinal, learnt from the first constant of each enum class seen. */
    private static final class EnumNode implements Node {
        private final Schema schema;
        private Class<?> javaEnum;
        private int[] ordinals;

        EnumNode(Schema schema) {
            this.schema = schema;
        }

        @Override
        public void write(Object v, Encoder out) throws IOException {
            if (v instanceof Enum<?> e) {
                if (e.getDeclaringClass() != javaEnum) {
                    learn(e.getDeclaringClass());
                }
                out.writeEnum(ordinals[e.ordinal()]);
            } else {
                out.writeEnum(schema.getEnumOrdinal(v.toString()));
            }
        }

        private void learn(Class<?> c) {
            Object[] constants = c.getEnumConstants();
            int[] map = new int[constants.length];
            for (int i = 0; i < constants.length; i++) {
                map[i] = schema.getEnumOrdinal(((Enum<?>) constants[i]).name());
            }
            ordinals = map;
            javaEnum = c;
        }
    }
}
