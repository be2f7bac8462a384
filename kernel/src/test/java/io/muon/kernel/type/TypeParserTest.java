package io.muon.kernel.type;

import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TypeParserTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // written                              | ClickHouse name                         | Proton name
        "int                                    | Int32                                   | int32",
        "INTEGER                                | Int32                                   | int32",
        "bigint                                 | Int64                                   | int64",
        "smallint                               | Int16                                   | int16",
        "tinyint                                | Int8                                    | int8",
        "uint                                   | UInt32                                  | uint32",
        "UInt64                                 | UInt64                                  | uint64",
        "uint128                                | UInt128                                 | uint128",
        "Int256                                 | Int256                                  | int256",
        "float                                  | Float32                                 | float32",
        "double                                 | Float64                                 | float64",
        "DOUBLE PRECISION                       | Float64                                 | float64",
        "Float64                                | Float64                                 | float64",
        "string                                 | String                                  | string",
        "varchar(255)                           | String                                  | string",
        "json                                   | String                                  | string",
        "bool                                   | Bool                                    | bool",
        "BOOLEAN                                | Bool                                    | bool",
        "uuid                                   | UUID                                    | uuid",
        "IPv4                                   | IPv4                                    | ipv4",
        "ipv6                                   | IPv6                                    | ipv6",
        "date                                   | Date                                    | date",
        "Date32                                 | Date32                                  | date32",
        "datetime                               | DateTime                                | datetime",
        "DateTime('Asia/Shanghai')              | DateTime('Asia/Shanghai')               | datetime('Asia/Shanghai')",
        "datetime64                             | DateTime64(3)                           | datetime64(3)",
        "datetime64(3, 'UTC')                   | DateTime64(3, 'UTC')                    | datetime64(3, 'UTC')",
        "DateTime64(6)                          | DateTime64(6)                           | datetime64(6)",
        "decimal(10, 2)                         | Decimal(10, 2)                          | decimal(10, 2)",
        "Decimal32(4)                           | Decimal(9, 4)                           | decimal(9, 4)",
        "decimal128(3)                          | Decimal(38, 3)                          | decimal(38, 3)",
        "Decimal(20)                            | Decimal(20, 0)                          | decimal(20, 0)",
        "fixed_string(16)                       | FixedString(16)                         | fixed_string(16)",
        "FixedString(3)                         | FixedString(3)                          | fixed_string(3)",
        "nullable(string)                       | Nullable(String)                        | nullable(string)",
        "Nullable(DateTime64(3, 'UTC'))         | Nullable(DateTime64(3, 'UTC'))          | nullable(datetime64(3, 'UTC'))",
        "low_cardinality(string)                | LowCardinality(String)                  | low_cardinality(string)",
        "LowCardinality(Nullable(String))       | LowCardinality(Nullable(String))        | low_cardinality(nullable(string))",
        "array(int)                             | Array(Int32)                            | array(int32)",
        "Array(Array(Nullable(UInt8)))          | Array(Array(Nullable(UInt8)))           | array(array(nullable(uint8)))",
        "map(string, uint64)                    | Map(String, UInt64)                     | map(string, uint64)",
        "Map(LowCardinality(String), Array(Float64)) | Map(LowCardinality(String), Array(Float64)) | map(low_cardinality(string), array(float64))",
        "tuple(int, string)                     | Tuple(Int32, String)                    | tuple(int32, string)",
        "Tuple(a Int32, b Nullable(String))     | Tuple(a Int32, b Nullable(String))      | tuple(a int32, b nullable(string))",
        "tuple(`x y` float, z date)             | Tuple(`x y` Float32, z Date)            | tuple(`x y` float32, z date)",
        "tuple(double precision, int)           | Tuple(Float64, Int32)                   | tuple(float64, int32)",
        "enum8('a' = 1, 'b' = 2)                | Enum8('a' = 1, 'b' = 2)                 | enum8('a' = 1, 'b' = 2)",
        "Enum('x' = -5, 'it''s' = 300)          | Enum16('x' = -5, 'it\\'s' = 300)        | enum16('x' = -5, 'it\\'s' = 300)",
        "enum('red', 'green')                   | Enum8('red' = 1, 'green' = 2)           | enum8('red' = 1, 'green' = 2)",
        "  Array ( Int32 )                      | Array(Int32)                            | array(int32)",
    })
    void parsesEverySpellingAndPrintsBoth(final String written, final String clickHouse, final String proton)
    {
        final DataType type = TypeParser.parse(written);
        assertEquals(clickHouse, type.clickHouseName());
        assertEquals(proton, type.protonName());
        assertEquals(type, TypeParser.parse(clickHouse), "ClickHouse name parses back to the same type");
        assertEquals(type, TypeParser.parse(proton), "Proton name parses back to the same type");
        assertEquals(type.hashCode(), TypeParser.parse(proton).hashCode());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Strin                     | 50 | Unknown data type family: Strin",
        "array(foo)                | 50 | Unknown data type family: foo",
        "nullable(array(int))      | 43 | Nested type Array(Int32) cannot be inside Nullable type",
        "nullable(nullable(int))   | 43 | Nested type Nullable(Int32) cannot be inside Nullable type",
        "low_cardinality(array(int)) | 43 | LowCardinality(Array(Int32)) is not supported",
        "decimal(77, 2)            | 69 | Precision 77 is out of bounds (precision range: [1, 76])",
        "decimal(5, 6)             | 69 | Scale 6 is out of bounds (max scale: 5)",
        "datetime64(10)            | 69 | Scale 10 is out of bounds (max scale: 9)",
        "fixed_string(0)           | 69 | FixedString size must be in [1, 65535], got 0",
        "fixed_string              | 42 | Data type fixed_string requires arguments",
        "map(string)               | 42 | Data type map takes 2 arguments, got 1",
        "enum8('a' = 1, 'b' = 1)   | 36 | Duplicate value 1 in Enum8",
        "enum8('a' = 200)          | 69 | Value 200 for element 'a' exceeds range of Enum8",
        "datetime('Mars/Olympus')  | 36 | Cannot load time zone Mars/Olympus",
        "uuid(4)                   | 378 | Data type UUID cannot have arguments",
    })
    void errorsCarryClickHouseCodes(final String written, final int code, final String message)
    {
        final MuonException error = assertThrows(MuonException.class, () -> TypeParser.parse(written));
        assertEquals(code, error.code(), error.getMessage());
        assertEquals(message, error.getMessage());
        assertTrue(error.toClickHouseText().startsWith("Code: " + code + ". DB::Exception: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "array(", "array(int", "decimal(1,", "int32 int32", "map(string,,int)", "tuple()",
        "enum8('a' = )", "datetime64(3, UTC)", "`int`", "enum8('a' = 1, 'b')"})
    void brokenSyntaxIsASyntaxErrorWithPosition(final String written)
    {
        final MuonException error = assertThrows(MuonException.class, () -> TypeParser.parse(written));
        assertTrue(error.code() == ErrorCodes.SYNTAX_ERROR || error.code() == ErrorCodes.NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
            error.toClickHouseText());
        if (error.code() == ErrorCodes.SYNTAX_ERROR)
        {
            assertTrue(error.getMessage().startsWith("Syntax error: failed at position "), error.getMessage());
        }
    }

    @Test
    void randomAndMutatedInputOnlyEverParsesOrFailsCleanly()
    {
        final String[] seeds = {"Nullable(DateTime64(3, 'UTC'))", "Map(String, Array(Tuple(a Int32, b String)))",
            "Enum8('a' = 1, 'b' = 2)", "Decimal(10, 2)", "LowCardinality(Nullable(String))"};
        final String alphabet = "()',= `\\abcdefghijklmnopqrstuvwxyzADNT0123456789_-";
        final Random random = new Random(42);
        for (int i = 0; i < 20_000; i++)
        {
            final StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            final int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && text.length() > 0; m++)
            {
                final int at = random.nextInt(text.length());
                switch (random.nextInt(3))
                {
                    case 0: text.deleteCharAt(at); break;
                    case 1: text.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    default: text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            try
            {
                final DataType type = TypeParser.parse(text.toString());
                assertEquals(type, TypeParser.parse(type.clickHouseName()), text.toString());
                assertEquals(type, TypeParser.parse(type.protonName()), text.toString());
            }
            catch (final MuonException expected)
            {
                assertTrue(expected.code() > 0);
            }
        }
    }

    @Test
    void physicalColumnsFollowClickHouseStreamNames()
    {
        assertEquals(List.of(new PhysicalColumn("a", 4, false, false)), TypeParser.parse("int32").physicalColumns("a"));
        assertEquals(List.of(new PhysicalColumn("s", 0, true, false)),
            TypeParser.parse("nullable(string)").physicalColumns("s"));
        assertEquals(List.of(new PhysicalColumn("x", 0, false, false)),
            TypeParser.parse("low_cardinality(string)").physicalColumns("x"));
        assertEquals(List.of(new PhysicalColumn("a.size0", 8, false, true), new PhysicalColumn("a.size1", 8, false, true),
            new PhysicalColumn("a", 2, true, false)),
            TypeParser.parse("array(array(nullable(int16)))").physicalColumns("a"));
        assertEquals(List.of(new PhysicalColumn("m.size0", 8, false, true), new PhysicalColumn("m.keys", 0, false, false),
            new PhysicalColumn("m.values", 8, false, false)),
            TypeParser.parse("map(string, float64)").physicalColumns("m"));
        assertEquals(List.of(new PhysicalColumn("t.1", 16, false, false), new PhysicalColumn("t.2", 3, false, false)),
            TypeParser.parse("tuple(uuid, fixed_string(3))").physicalColumns("t"));
        assertEquals(List.of(new PhysicalColumn("d", 8, false, false), new PhysicalColumn("e", 16, false, false),
            new PhysicalColumn("f", 32, false, false), new PhysicalColumn("g", 4, false, false)),
            List.of(DataType.decimal(18, 2).physicalColumns("d").get(0), DataType.decimal(19, 2).physicalColumns("e").get(0),
                DataType.decimal(76, 2).physicalColumns("f").get(0), DataType.decimal(9, 2).physicalColumns("g").get(0)));
        assertEquals(8, DataType.TP_TIME.fixedWidth());
        assertEquals("DateTime64(3, 'UTC')", DataType.TP_TIME.clickHouseName());
    }

    @Test
    void enumNamesWithEscapesRoundTrip()
    {
        final DataType type = DataType.enumOf(TypeId.ENUM8, new java.util.LinkedHashMap<>(java.util.Map.of("a\nb\t'c\\", 1)));
        assertEquals("Enum8('a\\nb\\t\\'c\\\\' = 1)", type.clickHouseName());
        assertEquals(type, TypeParser.parse(type.clickHouseName()));
    }

    @Test
    void recognisesTypeNames()
    {
        for (final String name : new String[] {"int", "UInt8", "fixed_string", "FixedString", "low_cardinality",
            "DateTime64", "enum8", "json", "varchar"})
        {
            assertTrue(TypeParser.isTypeName(name), name);
        }
        assertFalse(TypeParser.isTypeName("select"));
        assertFalse(TypeParser.isTypeName("strin"));
    }
}
