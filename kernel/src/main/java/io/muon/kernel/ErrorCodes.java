package io.muon.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** ClickHouse's error codes that Muon raises, with their numbers as ClickHouse defines them. */
public final class ErrorCodes
{
    public static final int UNSUPPORTED_METHOD = 1;
    public static final int LOGICAL_ERROR = 49;
    public static final int BAD_ARGUMENTS = 36;
    public static final int CANNOT_PARSE_PROTOBUF_SCHEMA = 434;
    public static final int UNKNOWN_PROTOBUF_FORMAT = 444;
    public static final int NUMBER_OF_ARGUMENTS_DOESNT_MATCH = 42;
    public static final int ILLEGAL_TYPE_OF_ARGUMENT = 43;
    public static final int UNKNOWN_FUNCTION = 46;
    public static final int UNKNOWN_IDENTIFIER = 47;
    public static final int NOT_IMPLEMENTED = 48;
    public static final int UNKNOWN_TYPE = 50;
    public static final int CANNOT_PARSE_TEXT = 6;
    public static final int TOO_LARGE_STRING_SIZE = 131;
    public static final int UNEXPECTED_AST_STRUCTURE = 223;
    public static final int TABLE_ALREADY_EXISTS = 57;
    public static final int UNKNOWN_TABLE = 60;
    public static final int SYNTAX_ERROR = 62;
    public static final int ARGUMENT_OUT_OF_BOUND = 69;
    public static final int SIZES_OF_ARRAYS_DONT_MATCH = 190;
    public static final int CANNOT_COMPILE_REGEXP = 427;
    public static final int INDEX_OF_POSITIONAL_ARGUMENT_IS_OUT_OF_RANGE = 68;
    public static final int CANNOT_CONVERT_TYPE = 70;
    public static final int UNKNOWN_DATABASE = 81;
    public static final int DATABASE_ALREADY_EXISTS = 82;
    public static final int DATABASE_NOT_EMPTY = 219;
    public static final int UNKNOWN_SETTING = 115;
    public static final int NOT_FOUND_COLUMN_IN_BLOCK = 10;
    public static final int INVALID_LIMIT_EXPRESSION = 440;
    public static final int ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER = 59;
    public static final int MULTIPLE_EXPRESSIONS_FOR_ALIAS = 179;
    public static final int UNION_ALL_RESULT_STRUCTURES_MISMATCH = 258;
    public static final int FUNCTION_NOT_ALLOWED = 446;
    public static final int PARAMETER_OUT_OF_BOUND = 12;
    public static final int NO_ELEMENTS_IN_CONFIG = 139;
    public static final int ILLEGAL_COLUMN = 44;
    public static final int DUPLICATE_COLUMN = 15;
    public static final int NO_SUCH_COLUMN_IN_TABLE = 16;
    public static final int TYPE_MISMATCH = 53;
    public static final int INCORRECT_DATA = 117;
    public static final int MEMORY_LIMIT_EXCEEDED = 241;
    public static final int SET_SIZE_LIMIT_EXCEEDED = 191;
    public static final int ABORTED = 236;
    public static final int CANNOT_UNLINK = 458;
    public static final int ILLEGAL_DIVISION = 153;
    public static final int TOO_MANY_ROWS_OR_BYTES = 396;
    public static final int CANNOT_PARSE_INPUT_ASSERTION_FAILED = 27;
    public static final int INCORRECT_RESULT_OF_SCALAR_SUBQUERY = 125;
    public static final int TIMEOUT_EXCEEDED = 159;
    public static final int TOO_MANY_SIMULTANEOUS_QUERIES = 202;
    public static final int QUERY_WAS_CANCELLED = 394;
    public static final int READONLY = 164;
    public static final int UNKNOWN_USER = 192;
    public static final int REQUIRED_PASSWORD = 194;
    public static final int AUTHENTICATION_FAILED = 516;
    public static final int CANNOT_READ_ALL_DATA = 33;
    public static final int CHECKSUM_DOESNT_MATCH = 40;
    public static final int TOO_LARGE_SIZE_COMPRESSED = 39;
    public static final int CANNOT_COMPRESS = 270;
    public static final int CANNOT_DECOMPRESS = 271;
    public static final int CORRUPTED_DATA = 246;
    public static final int INVALID_PARTITION_VALUE = 248;
    public static final int UNKNOWN_PACKET_FROM_CLIENT = 99;
    public static final int UNEXPECTED_PACKET_FROM_CLIENT = 101;
    public static final int UNKNOWN_FORMAT = 73;
    public static final int CANNOT_WRITE_TO_FILE_DESCRIPTOR = 75;
    public static final int FILE_DOESNT_EXIST = 107;
    public static final int UNKNOWN_STORAGE = 56;
    public static final int INCORRECT_QUERY = 80;
    public static final int UNKNOWN_AGGREGATE_FUNCTION = 63;
    public static final int ILLEGAL_AGGREGATION = 184;
    public static final int NOT_AN_AGGREGATE = 215;
    public static final int SUPPORT_IS_DISABLED = 344;
    public static final int QUERY_IS_TOO_LARGE = 229;
    public static final int CANNOT_PARSE_DATE = 38;
    public static final int CANNOT_PARSE_DATETIME = 41;
    public static final int CANNOT_PARSE_NUMBER = 72;
    public static final int NUMBER_OF_COLUMNS_DOESNT_MATCH = 20;
    public static final int TOO_MANY_ROWS = 158;
    public static final int TOO_DEEP_AST = 167;
    public static final int WRONG_PASSWORD = 193;
    public static final int AMBIGUOUS_IDENTIFIER = 207;
    public static final int EMPTY_QUERY = 211;
    public static final int TABLE_IS_DROPPED = 218;
    public static final int VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE = 321;
    public static final int ILLEGAL_SYNTAX_FOR_DATA_TYPE = 377;
    public static final int DATA_TYPE_CANNOT_HAVE_ARGUMENTS = 378;
    public static final int CANNOT_KILL = 380;
    public static final int NO_COMMON_TYPE = 386;
    public static final int INVALID_JOIN_ON_EXPRESSION = 403;
    public static final int DECIMAL_OVERFLOW = 407;
    public static final int UNKNOWN_JOIN = 418;
    public static final int INVALID_SETTING_VALUE = 471;
    public static final int READONLY_SETTING = 472;
    public static final int ACCESS_ENTITY_NOT_FOUND = 492;
    public static final int ACCESS_ENTITY_ALREADY_EXISTS = 493;
    public static final int ACCESS_DENIED = 497;
    public static final int INCORRECT_NUMBER_OF_COLUMNS = 7;
    public static final int CANNOT_PARSE_ESCAPE_SEQUENCE = 25;
    public static final int CANNOT_PARSE_QUOTED_STRING = 26;
    public static final int UNKNOWN_COMPRESSION_METHOD = 89;
    public static final int TOO_LARGE_ARRAY_SIZE = 128;
    public static final int TOO_SLOW = 160;
    public static final int FUNCTION_THROW_IF_VALUE_IS_NON_ZERO = 395;
    public static final int UNKNOWN_BLOCK_INFO_FIELD = 261;
    public static final int NETWORK_ERROR = 210;
    public static final int CLIENT_HAS_CONNECTED_TO_WRONG_PORT = 217;
    public static final int SOCKET_TIMEOUT = 209;
    public static final int CANNOT_READ_ARRAY_FROM_TEXT = 130;
    public static final int QUERY_WITH_SAME_ID_IS_ALREADY_RUNNING = 216;
    public static final int UNKNOWN_QUERY_PARAMETER = 456;
    public static final int SESSION_NOT_FOUND = 372;
    public static final int SESSION_IS_LOCKED = 373;

    private static final Map<Integer, String> NAMES = names();

    private ErrorCodes()
    {
    }

    /** @return the ClickHouse name of a code, e.g. "SYNTAX_ERROR", or "UNKNOWN_ERROR_N". */
    public static String name(final int code)
    {
        return NAMES.getOrDefault(code, "UNKNOWN_ERROR_" + code);
    }

    private static Map<Integer, String> names()
    {
        final Map<Integer, String> names = new HashMap<>();
        for (final Field field : ErrorCodes.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class)
            {
                try
                {
                    names.put(field.getInt(null), field.getName());
                }
                catch (final IllegalAccessException e)
                {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }
}
