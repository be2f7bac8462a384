package io.muon.clickhouse.http;

import io.muon.kernel.ErrorCodes;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The HTTP status ClickHouse answers an error code with (500 for everything not listed). */
final class HttpStatusCodes
{
    private HttpStatusCodes()
    {
    }

    static HttpResponseStatus of(final int code)
    {
        switch (code)
        {
            case ErrorCodes.REQUIRED_PASSWORD:
                return HttpResponseStatus.UNAUTHORIZED;
            case ErrorCodes.UNKNOWN_USER:
            case ErrorCodes.WRONG_PASSWORD:
            case ErrorCodes.AUTHENTICATION_FAILED:
            case ErrorCodes.ACCESS_DENIED:
            case ErrorCodes.READONLY:
                return HttpResponseStatus.FORBIDDEN;
            case ErrorCodes.BAD_ARGUMENTS:
            case ErrorCodes.CANNOT_COMPILE_REGEXP:
            case ErrorCodes.CANNOT_PARSE_TEXT:
            case ErrorCodes.CANNOT_PARSE_ESCAPE_SEQUENCE:
            case ErrorCodes.CANNOT_PARSE_QUOTED_STRING:
            case ErrorCodes.CANNOT_PARSE_INPUT_ASSERTION_FAILED:
            case ErrorCodes.CANNOT_PARSE_DATE:
            case ErrorCodes.CANNOT_PARSE_DATETIME:
            case ErrorCodes.CANNOT_PARSE_NUMBER:
            case ErrorCodes.CANNOT_READ_ARRAY_FROM_TEXT:
            case ErrorCodes.CANNOT_READ_ALL_DATA:
            case ErrorCodes.SYNTAX_ERROR:
            case ErrorCodes.TOO_DEEP_AST:
            case ErrorCodes.UNEXPECTED_AST_STRUCTURE:
            case ErrorCodes.INCORRECT_DATA:
            case ErrorCodes.TYPE_MISMATCH:
            case ErrorCodes.VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE:
            case ErrorCodes.INCORRECT_NUMBER_OF_COLUMNS:
            case ErrorCodes.CHECKSUM_DOESNT_MATCH:
            case ErrorCodes.UNKNOWN_COMPRESSION_METHOD:
            case ErrorCodes.INVALID_SETTING_VALUE:
                return HttpResponseStatus.BAD_REQUEST;
            case ErrorCodes.UNKNOWN_TABLE:
            case ErrorCodes.UNKNOWN_FUNCTION:
            case ErrorCodes.UNKNOWN_IDENTIFIER:
            case ErrorCodes.UNKNOWN_TYPE:
            case ErrorCodes.UNKNOWN_STORAGE:
            case ErrorCodes.UNKNOWN_DATABASE:
            case ErrorCodes.UNKNOWN_SETTING:
            case ErrorCodes.UNKNOWN_AGGREGATE_FUNCTION:
            case ErrorCodes.UNKNOWN_FORMAT:
                return HttpResponseStatus.NOT_FOUND;
            case ErrorCodes.QUERY_IS_TOO_LARGE:
                return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
            case ErrorCodes.NOT_IMPLEMENTED:
                return HttpResponseStatus.NOT_IMPLEMENTED;
            case ErrorCodes.TOO_MANY_SIMULTANEOUS_QUERIES:
                return HttpResponseStatus.SERVICE_UNAVAILABLE;
            default:
                return HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
    }
}
