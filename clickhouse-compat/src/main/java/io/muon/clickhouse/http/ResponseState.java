package io.muon.clickhouse.http;

import io.muon.clickhouse.auth.Authenticator;
import io.muon.sql.engine.QueryCursor;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.util.Map;

/** What the response headers report, filled in as the query runs. */
final class ResponseState
{
    final String queryId;
    final long started;
    String user = Authenticator.DEFAULT_USER;
    String format = "TabSeparated";
    String contentType = "text/plain; charset=UTF-8";
    Map<String, Object> settings = Map.of();
    QueryCursor cursor;
    long writtenRows;
    long writtenBytes;
    long resultBytes;

    ResponseState(final String queryId, final long started)
    {
        this.queryId = queryId;
        this.started = started;
    }

    long readRows()
    {
        return cursor == null ? writtenRows : cursor.readRows();
    }

    long readBytes()
    {
        return cursor == null ? writtenBytes : cursor.readBytes();
    }

    /** The counters as ClickHouse's JSON of strings, for X-ClickHouse-Summary and X-ClickHouse-Progress. */
    String summary()
    {
        return "{\"read_rows\":\"" + readRows() + "\",\"read_bytes\":\"" + readBytes() +
            "\",\"written_rows\":\"" + writtenRows + "\",\"written_bytes\":\"" + writtenBytes +
            "\",\"total_rows_to_read\":\"" + readRows() + "\",\"result_rows\":\"" +
            (cursor == null ? 0 : cursor.resultRows()) + "\",\"result_bytes\":\"" + resultBytes +
            "\",\"elapsed_ns\":\"" + (System.nanoTime() - started) + "\"}";
    }

    /** The response headers ClickHouse clients read, as of now. */
    HttpHeaders headers(final String displayName, final boolean keepAlive, final String contentEncoding)
    {
        final HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.set("X-ClickHouse-Server-Display-Name", displayName);
        headers.set("X-ClickHouse-Query-Id", queryId);
        headers.set("X-ClickHouse-Format", format);
        headers.set("X-ClickHouse-Timezone", "UTC");
        if (contentEncoding != null)
        {
            headers.set(HttpHeaderNames.CONTENT_ENCODING, contentEncoding);
        }
        if (Boolean.TRUE.equals(settings.get("send_progress_in_http_headers")))
        {
            // the progress so far has the summary's fields
            headers.add("X-ClickHouse-Progress", summary());
        }
        headers.set("X-ClickHouse-Summary", summary());
        if (keepAlive)
        {
            headers.set(HttpHeaderNames.CONNECTION, "Keep-Alive");
            headers.set("Keep-Alive", "timeout=10");
        }
        else
        {
            headers.set(HttpHeaderNames.CONNECTION, "close");
        }
        return headers;
    }
}
