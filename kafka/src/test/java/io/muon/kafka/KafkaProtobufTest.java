package io.muon.kafka;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.sun.net.httpserver.HttpServer;
import io.muon.kernel.ErrorCodes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ProtobufSingle against Google's Protobuf runtime: messages it encodes are read by Muon, and messages Muon writes are
 * decoded by it, for scalars, a repeated field, a nested message, a map and an enum. The runtime's descriptor is
 * built to match the {@code .proto} text Muon is given.
 */
class KafkaProtobufTest extends KafkaTestBase
{
    private static final String PROTO = """
        syntax = "proto3";
        package shop;
        // an order, as a shop would send it
        message Order {
          int64 id = 1;
          string customer = 2;
          double amount = 3;
          repeated int32 quantities = 4;
          Address address = 5;
          map<string, string> tags = 6;
          Status status = 7;
          sint32 delta = 8;
          bool paid = 9;
          message Address { string city = 1; uint32 zip = 2; }
          enum Status { NEW = 0; PAID = 1; SHIPPED = 2; }
        }
        """;

    private static final String COLUMNS = "id int64, customer string, amount float64, quantities array(int32), " +
        "address tuple(city string, zip uint32), tags map(string, string), status string, delta int32, paid bool";

    private static Descriptors.Descriptor order;

    @BeforeAll
    static void schemas() throws Exception
    {
        Files.writeString(brokerDir.resolve("shop.proto"), PROTO);
        System.setProperty(ProtobufFormat.SCHEMA_PATH_PROPERTY, brokerDir.toString());
        final DescriptorProto address = DescriptorProto.newBuilder().setName("Address")
            .addField(field("city", 1, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(field("zip", 2, FieldDescriptorProto.Type.TYPE_UINT32)).build();
        final DescriptorProto tagsEntry = DescriptorProto.newBuilder().setName("TagsEntry")
            .setOptions(MessageOptions.newBuilder().setMapEntry(true))
            .addField(field("key", 1, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(field("value", 2, FieldDescriptorProto.Type.TYPE_STRING)).build();
        final EnumDescriptorProto status = EnumDescriptorProto.newBuilder().setName("Status")
            .addValue(EnumValueDescriptorProto.newBuilder().setName("NEW").setNumber(0))
            .addValue(EnumValueDescriptorProto.newBuilder().setName("PAID").setNumber(1))
            .addValue(EnumValueDescriptorProto.newBuilder().setName("SHIPPED").setNumber(2)).build();
        final DescriptorProto orderProto = DescriptorProto.newBuilder().setName("Order")
            .addField(field("id", 1, FieldDescriptorProto.Type.TYPE_INT64))
            .addField(field("customer", 2, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(field("amount", 3, FieldDescriptorProto.Type.TYPE_DOUBLE))
            .addField(field("quantities", 4, FieldDescriptorProto.Type.TYPE_INT32).toBuilder()
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
            .addField(field("address", 5, FieldDescriptorProto.Type.TYPE_MESSAGE).toBuilder()
                .setTypeName(".shop.Order.Address"))
            .addField(field("tags", 6, FieldDescriptorProto.Type.TYPE_MESSAGE).toBuilder()
                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setTypeName(".shop.Order.TagsEntry"))
            .addField(field("status", 7, FieldDescriptorProto.Type.TYPE_ENUM).toBuilder()
                .setTypeName(".shop.Order.Status"))
            .addField(field("delta", 8, FieldDescriptorProto.Type.TYPE_SINT32))
            .addField(field("paid", 9, FieldDescriptorProto.Type.TYPE_BOOL))
            .addNestedType(address).addNestedType(tagsEntry).addEnumType(status).build();
        final FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("shop.proto").setPackage("shop")
            .setSyntax("proto3").addMessageType(orderProto).build();
        order = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0])
            .findMessageTypeByName("Order");
    }

    private static FieldDescriptorProto field(final String name, final int number,
        final FieldDescriptorProto.Type type)
    {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL).build();
    }

    private static DynamicMessage message(final long id, final String customer, final double amount,
        final List<Integer> quantities, final String city, final int zip, final Map<String, String> tags,
        final String status, final int delta, final boolean paid)
    {
        final DynamicMessage.Builder builder = DynamicMessage.newBuilder(order)
            .setField(order.findFieldByName("id"), id)
            .setField(order.findFieldByName("customer"), customer)
            .setField(order.findFieldByName("amount"), amount)
            .setField(order.findFieldByName("status"), order.findEnumTypeByName("Status").findValueByName(status))
            .setField(order.findFieldByName("delta"), delta)
            .setField(order.findFieldByName("paid"), paid);
        quantities.forEach(q -> builder.addRepeatedField(order.findFieldByName("quantities"), q));
        final Descriptors.Descriptor address = order.findNestedTypeByName("Address");
        builder.setField(order.findFieldByName("address"), DynamicMessage.newBuilder(address)
            .setField(address.findFieldByName("city"), city).setField(address.findFieldByName("zip"), zip).build());
        final Descriptors.Descriptor entry = order.findNestedTypeByName("TagsEntry");
        tags.forEach((k, v) -> builder.addRepeatedField(order.findFieldByName("tags"), DynamicMessage.newBuilder(entry)
            .setField(entry.findFieldByName("key"), k).setField(entry.findFieldByName("value"), v).build()));
        return builder.build();
    }

    private void create(final String name, final String topic)
    {
        run("CREATE EXTERNAL STREAM " + name + " (" + COLUMNS + ") SETTINGS type='kafka', brokers='" +
            broker.brokers() + "', topic='" + topic + "', data_format='ProtobufSingle', " +
            "format_schema='shop:Order'");
    }

    @Test
    void messagesOfTheProtobufRuntimeAreReadIntoColumns() throws Exception
    {
        final String topic = topic(1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties()))
        {
            producer.send(new ProducerRecord<>(topic, message(1, "ann", 12.5, List.of(1, 2, 3), "Oslo", 150,
                Map.of("gift", "yes"), "PAID", -7, true).toByteArray())).get();
            // every field at its default: proto3 leaves them all out, the message is empty
            producer.send(new ProducerRecord<>(topic, DynamicMessage.newBuilder(order).build().toByteArray())).get();
            producer.send(new ProducerRecord<>(topic, new byte[] {(byte)0x0A, (byte)0x7F, 'x'})).get();
        }
        create("orders", topic);
        assertEquals("1\tann\t12.5\t[1,2,3]\t('Oslo',150)\t{'gift':'yes'}\tPAID\t-7\ttrue\n" +
            "0\t\t0\t[]\t('',0)\t{}\tNEW\t0\tfalse\n", run("SELECT * FROM table(orders)"));
        assertEquals("1\n", run("SELECT count() FROM table(orders) WHERE address.city = 'Oslo'"));
    }

    @Test
    void messagesMuonWritesAreReadByTheProtobufRuntime() throws Exception
    {
        final String topic = topic(1);
        create("orders_out", topic);
        run("INSERT INTO orders_out VALUES (42, 'bob', 3.25, [5, -6], ('Rome', 100), map('a', 'b'), 'SHIPPED', " +
            "-100, true), (43, '', 0, [], ('', 0), map(), 'NEW', 0, false)");
        final List<ConsumerRecord<byte[], byte[]>> records = consume(topic, 2);
        assertEquals(2, records.size());
        assertEquals(message(42, "bob", 3.25, List.of(5, -6), "Rome", 100, Map.of("a", "b"), "SHIPPED", -100, true),
            DynamicMessage.parseFrom(order, records.get(0).value()));
        assertEquals(message(43, "", 0, List.of(), "", 0, Map.of(), "NEW", 0, false),
            DynamicMessage.parseFrom(order, records.get(1).value()));
        assertEquals("42\tbob\t3.25\t[5,-6]\t('Rome',100)\t{'a':'b'}\tSHIPPED\t-100\ttrue\n",
            run("SELECT * FROM table(orders_out) WHERE id = 42"));
    }

    /**
     * A schema registry answering as Confluent's does (the schema by id, the latest schema of a subject), checking the
     * Basic credentials, for the ProtobufSingle-through-a-registry test.
     */
    private static HttpServer registry(final int id, final List<String> seen) throws Exception
    {
        final HttpServer server = HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        final String schema = "\"" + PROTO.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        server.createContext("/", exchange ->
        {
            seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            final String path = exchange.getRequestURI().getPath();
            final String body = path.equals("/schemas/ids/" + id) ?
                "{\"schemaType\": \"PROTOBUF\", \"schema\": " + schema + "}" :
                path.endsWith("-value/versions/latest") ? "{\"subject\":\"x\",\"version\":3,\"id\":" + id +
                    ",\"schemaType\":\"PROTOBUF\",\"schema\":" + schema + "}" : null;
            final byte[] bytes = (body == null ? "{\"error_code\":40403}" : body).getBytes(
                StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aSchemaRegistryNamesTheSchemaOfEachMessage() throws Exception
    {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final HttpServer server = registry(7, seen);
        try
        {
            final String topic = topic(1);
            // Confluent's wire format: 0, the schema id, the message indexes ([0]: the first message), the message
            final ByteArrayOutputStream framed = new ByteArrayOutputStream();
            framed.write(new byte[] {0, 0, 0, 0, 7, 0});
            framed.write(message(5, "eve", 1.5, List.of(9), "Lima", 1, Map.of(), "PAID", 3, true).toByteArray());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties()))
            {
                producer.send(new ProducerRecord<>(topic, framed.toByteArray())).get();
                producer.send(new ProducerRecord<>(topic, "no registry header".getBytes())).get();
            }
            run("CREATE EXTERNAL STREAM registered (" + COLUMNS + ") SETTINGS type='kafka', brokers='" +
                broker.brokers() + "', topic='" + topic + "', data_format='ProtobufSingle', " +
                "kafka_schema_registry_url='http://127.0.0.1:" + server.getAddress().getPort() + "', " +
                "kafka_schema_registry_credentials='key:secret'");
            assertEquals("5	eve	1.5	[9]	('Lima',1)	{}	PAID	3	true\n", run("SELECT * FROM table(registered)"));
            assertEquals("/schemas/ids/7 Basic a2V5OnNlY3JldA==", seen.get(0));
            run("INSERT INTO registered VALUES (6, 'fay', 2, [], ('Kyiv', 2), map('k', 'v'), 'NEW', -1, false)");
            final ConsumerRecord<byte[], byte[]> written = consume(topic, 3).get(2);
            final byte[] value = written.value();
            assertEquals(List.of(0, 0, 0, 0, 7, 0), List.of((int)value[0], (int)value[1], (int)value[2],
                (int)value[3], (int)value[4], (int)value[5]));
            assertEquals(message(6, "fay", 2, List.of(), "Kyiv", 2, Map.of("k", "v"), "NEW", -1, false),
                DynamicMessage.parseFrom(order, Arrays.copyOfRange(value, 6, value.length)));
            assertEquals("/subjects/" + topic + "-value/versions/latest Basic a2V5OnNlY3JldA==", seen.get(1));
        }
        finally
        {
            server.stop(0);
        }
    }

    @Test
    void schemasThatDoNotFitAreRefused()
    {
        fails("CREATE EXTERNAL STREAM p1 (id int64) SETTINGS type='kafka', brokers='" + broker.brokers() +
            "', topic='x', data_format='ProtobufSingle'", ErrorCodes.BAD_ARGUMENTS, "needs format_schema");
        fails("CREATE EXTERNAL STREAM p2 (id int64) SETTINGS type='kafka', brokers='" + broker.brokers() +
            "', topic='x', data_format='ProtobufSingle', format_schema='shop:Missing'",
            ErrorCodes.CANNOT_PARSE_PROTOBUF_SCHEMA, "no message Missing");
        fails("CREATE EXTERNAL STREAM p3 (nope int64) SETTINGS type='kafka', brokers='" + broker.brokers() +
            "', topic='x', data_format='ProtobufSingle', format_schema='shop:Order'", ErrorCodes.BAD_ARGUMENTS,
            "Column nope has no field");
        fails("CREATE EXTERNAL STREAM p4 (quantities int32) SETTINGS type='kafka', brokers='" + broker.brokers() +
            "', topic='x', data_format='ProtobufSingle', format_schema='shop:Order'", ErrorCodes.BAD_ARGUMENTS,
            "needs an array column");
        fails("CREATE EXTERNAL STREAM p5 (id int64) SETTINGS type='kafka', brokers='" + broker.brokers() +
            "', topic='x', data_format='ProtobufSingle', format_schema='nofile:Order'", ErrorCodes.BAD_ARGUMENTS,
            "Cannot read the Protobuf schema");
    }
}
