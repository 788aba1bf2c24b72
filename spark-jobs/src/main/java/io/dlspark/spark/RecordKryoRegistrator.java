package io.dlspark.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.factories.ReflectionSerializerFactory;
import com.esotericsoftware.kryo.factories.SerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

import java.io.Serializable;

/**
 * Lets Spark's Kryo carry dlspark's records, serializable classes and immutable collections by writing them with Java
 * serialization inside the Kryo stream; {@link SparkSessions#withDefaults} adds it whenever Kryo is the serializer.
 */
public final class RecordKryoRegistrator implements KryoRegistrator {
    private static final String[] IMMUTABLE_COLLECTIONS = {
        "java.util.ImmutableCollections$AbstractImmutableCollection", "java.util.ImmutableCollections$AbstractImmutableMap"};

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
        for (String name : IMMUTABLE_COLLECTIONS) {
            try {
                kryo.addDefaultSerializer(Class.forName(name), JavaSerializer.class);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("this JVM lacks " + name, e);
            }
        }
        kryo.setDefaultSerializer(new DlsparkClassesAsJava());
    }

    /** Java serialization for dlspark's serializable classes, Kryo's field serializer (its default) for the rest. */
    private static final class DlsparkClassesAsJava implements SerializerFactory {
        private final SerializerFactory fields = new ReflectionSerializerFactory(FieldSerializer.class);

        @Override
        public Serializer makeSerializer(Kryo kryo, Class type) {
            return type.getName().startsWith("io.dlspark.") && Serializable.class.isAssignableFrom(type)
                ? new JavaSerializer() : fields.makeSerializer(kryo, type);
        }
    }
}
