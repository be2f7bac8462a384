package io.muon.clickhouse.tcp;

import io.muon.clickhouse.format.ByteSink;
import io.muon.clickhouse.format.ByteSource;
import io.muon.clickhouse.format.Formats;
import io.muon.clickhouse.format.NativeBlockCodec;
import io.muon.clickhouse.format.NativeTypes;
import io.muon.clickhouse.netty.QueryParameters;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.compress.CompressedBlockDescriptor;
import io.muon.kernel.type.DataType;
import io.muon.kernel.vector.Batch;
import io.muon.kernel.vector.Vector;
import io.muon.sql.engine.Execution;
import io.muon.sql.engine.InsertSink;
import io.muon.sql.engine.QueryCursor;
import io.muon.sql.engine.Session;
import io.muon.sql.exec.Conversions;
import io.muon.sql.plan.LogicalPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Query packet of a native connection, run on the connection's query thread: the client's (empty) external
 * tables, the per-query settings, then a SELECT answered with a header block, data blocks with Progress between them,
 * ProfileInfo, [Extremes], the last Progress, an empty block and EndOfStream; an INSERT answered with the structure
 * block, whose Data blocks are decoded, converted column by column and appended in parts of
 * {@code max_insert_block_size} rows; anything else with EndOfStream. A failing statement answers with an Exception
 * packet and leaves the connection usable.
 */
final class NativeQuery
{
    private static final System.Logger LOG = System.getLogger(NativeQuery.class.getName());
    /** An INSERT whose data the client sends as blocks: {@code VALUES} with nothing after it. */
    private static final Pattern INSERT_VALUES_WITHOUT_DATA = Pattern.compile("(?is)(\\s*INSERT\\s+INTO\\s.+?\\s)" +
        "VALUES\\s*;?\\s*");
    private static final Pattern SET_OR_USE = Pattern.compile("(?is)\\s*(SET|USE)\\s.*");
    private static final int MAX_BLOCK_ROWS = 1 << 28;

    private final NativeConnection connection;
    private final ClientPackets.Query query;
    private final int revision;
    /** The client's version as {@code major * 100 + minor}, which decides the types it can read. */
    private final int clientVersion;
    private final ByteSink out;
    private final ByteSink block;
    private final byte method;
    private final int level;
    private final ByteSource blocks;
    private final long started = System.nanoTime();
    private long sentReadRows;
    private long sentReadBytes;
    private long lastProgress = started;
    /** How often Progress is sent while a query runs ({@code interactive_delay}, microseconds, default 100 ms). */
    private final long interactiveDelayNanos;
    /**
     * Sends Progress every interactive_delay while a SELECT computes a block (clickhouse-client draws its progress
     * bar from them), so a long aggregation shows progress before its one block: one timer thread for all queries.
     */
    private static final java.util.concurrent.ScheduledExecutorService TICKER =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task ->
        {
            final Thread thread = new Thread(task, "muon-native-progress");
            thread.setDaemon(true);
            return thread;
        });
    /** Guards the Progress counters and {@link #ticking} between the query thread and the timer. */
    private final java.util.concurrent.locks.ReentrantLock progressLock = new java.util.concurrent.locks.ReentrantLock();
    /** Whether the timer may still send Progress (false once the query's closing packets start). */
    private boolean ticking;

    NativeQuery(final NativeConnection connection, final ClientPackets.Query query)
    {
        this.connection = connection;
        this.query = query;
        this.revision = connection.revision();
        final ClientPackets.Hello hello = connection.clientHello();
        this.clientVersion = NativeTypes.clientVersion(hello.clientName(), hello.major(), hello.minor());
        this.out = connection.out();
        this.block = connection.blockBuffer();
        final ClientPackets.Setting methodSetting = query.settings().get("network_compression_method");
        final String methodName = methodSetting == null ? "lz4" : methodSetting.value().toLowerCase(java.util.Locale.ROOT);
        this.method = !query.compression() ? 0 : methodName.equals("zstd") ? CompressedBlockDescriptor.METHOD_ZSTD :
            methodName.equals("none") ? CompressedBlockDescriptor.METHOD_NONE : CompressedBlockDescriptor.METHOD_LZ4;
        final ClientPackets.Setting levelSetting = query.settings().get("network_zstd_compression_level");
        this.level = levelSetting == null ? 1 : parseLevel(levelSetting.value());
        final ClientPackets.Setting delay = query.settings().get("interactive_delay");
        long micros = 100_000;
        try
        {
            micros = delay == null ? micros : Long.parseLong(delay.value().trim());
        }
        catch (final NumberFormatException e)
        {
            // keep the default
        }
        this.interactiveDelayNanos = micros * 1000;
        this.blocks = query.compression() ? new ByteSource(new CompressedInput(connection.raw(),
            connection.settings().maxFrameBytes()), 64 * 1024) : connection.raw();
    }

    private static int parseLevel(final String text)
    {
        try
        {
            return Math.max(1, Math.min(22, Integer.parseInt(text.trim())));
        }
        catch (final NumberFormatException e)
        {
            return 1;
        }
    }

    /** Runs the query; false when the connection must close (the client broke the protocol or went away). */
    boolean run() throws IOException
    {
        if (!readExternalTables())
        {
            endOfStream();
            return true;
        }
        final Session session = connection.session();
        final Map<String, Object> saved = Map.copyOf(session.settings());
        final String sql;
        try
        {
            applySettings(session);
            final String text = query.parameters().isEmpty() ? query.text() :
                QueryParameters.substitute(query.text(), name -> query.parameters().get(name));
            final var values = INSERT_VALUES_WITHOUT_DATA.matcher(text);
            sql = values.matches() ? values.group(1) + "FORMAT Values" : text;
        }
        catch (final MuonException e)
        {
            session.restoreSettings(saved);
            exception(e);
            return true;
        }
        if (!connection.slots().tryAcquire())
        {
            session.restoreSettings(saved);
            exception(new MuonException(ErrorCodes.TOO_MANY_SIMULTANEOUS_QUERIES, "Too many simultaneous queries. " +
                "Maximum: " + connection.settings().maxConcurrentQueries()));
            return true;
        }
        try
        {
            session.externalTables(externalTables);
            return execute(session, sql);
        }
        finally
        {
            session.externalTables(Map.of());
            connection.slots().release();
            if (!SET_OR_USE.matcher(sql).matches())
            {
                session.restoreSettings(saved);
            }
        }
    }

    private boolean execute(final Session session, final String sql) throws IOException
    {
        final String queryId = query.queryId().isEmpty() ? java.util.UUID.randomUUID().toString() : query.queryId();
        final Execution execution;
        try
        {
            execution = connection.engine().start(sql, session, queryId, connection.user().name());
        }
        catch (final MuonException e)
        {
            exception(e);
            return true;
        }
        try (execution)
        {
            if (execution.insert() != null)
            {
                return insert(execution.insert());
            }
            if (execution.cursor() != null)
            {
                select(execution.cursor());
                return true;
            }
            if (execution.writtenRows() > 0)
            {
                progress(0, 0, execution.writtenRows(), 0);
            }
            endOfStream();
            return true;
        }
        catch (final ProtocolException e)
        {
            throw e;
        }
        catch (final MuonException e)
        {
            exception(e);
            return true;
        }
    }

    /** At most this much heap for the external tables of one query, unless max_memory_usage says otherwise. */
    private static final long MAX_EXTERNAL_TABLE_BYTES = 1L << 30;

    /** The external tables read by {@link #readExternalTables}, by name, in the order the client sent them. */
    private final Map<String, LogicalPlan.ExternalTable> externalTables = new java.util.LinkedHashMap<>();

    /**
     * Reads what the client sends after the Query: external tables' data (blocks named by their table, kept in memory
     * for this query), ended by an empty block (the usual case is that empty block alone). False when the client
     * cancelled instead.
     */
    private boolean readExternalTables()
    {
        final ClientPackets.Setting memorySetting = query.settings().get("max_memory_usage");
        long limit = MAX_EXTERNAL_TABLE_BYTES;
        try
        {
            limit = memorySetting == null || Long.parseLong(memorySetting.value().trim()) <= 0 ? limit :
                Long.parseLong(memorySetting.value().trim());
        }
        catch (final NumberFormatException e)
        {
            // keep the default; the setting itself is checked when the query's settings are applied
        }
        long bytes = 0;
        while (true)
        {
            final long type = connection.raw().readVarUInt();
            if (type == NativeProtocol.CLIENT_CANCEL)
            {
                return false;
            }
            if (type != NativeProtocol.CLIENT_DATA && type != NativeProtocol.CLIENT_SCALAR)
            {
                throw new MuonException(ErrorCodes.UNEXPECTED_PACKET_FROM_CLIENT, "Unexpected packet " +
                    NativeProtocol.clientPacketName(type) + " received from client (expected Data)");
            }
            final String table = ClientPackets.string(connection.raw());
            final NativeBlockCodec.Block data = NativeBlockCodec.readBlock(blocks, revision, MAX_BLOCK_ROWS);
            if (type == NativeProtocol.CLIENT_DATA && data.rows() == 0)
            {
                return true;
            }
            if (type == NativeProtocol.CLIENT_DATA)
            {
                for (final Vector vector : data.vectors())
                {
                    bytes += vector.heapBytes();
                }
                if (bytes > limit)
                {
                    throw new MuonException(ErrorCodes.MEMORY_LIMIT_EXCEEDED, "Memory limit (for external tables) " +
                        "exceeded: would use " + bytes + " bytes, maximum: " + limit);
                }
                addExternalBlock(table, data);
                continue;
            }
            // scalars are results of subqueries a distributed initiator computed; Muon plans its own
        }
    }

    /** Adds a block of external table {@code name}; every block of a table must have the first one's columns. */
    private void addExternalBlock(final String name, final NativeBlockCodec.Block data)
    {
        if (name.isEmpty())
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "An external table's block has no table name");
        }
        final List<LogicalPlan.Column> columns = new ArrayList<>();
        for (int c = 0; c < data.width(); c++)
        {
            columns.add(new LogicalPlan.Column(data.names().get(c), data.vectors()[c].type()));
        }
        final LogicalPlan.ExternalTable known = externalTables.get(name);
        if (known != null && !known.output().equals(columns))
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "A block of external table " + name + " has columns " +
                columns + " instead of " + known.output());
        }
        final LogicalPlan.ExternalTable table = known != null ? known :
            new LogicalPlan.ExternalTable(name, List.copyOf(columns), new ArrayList<>());
        table.rows().add(new Batch(data.vectors(), data.rows()));
        externalTables.put(name, table);
    }

    private void applySettings(final Session session)
    {
        for (final Map.Entry<String, ClientPackets.Setting> setting : query.settings().entrySet())
        {
            try
            {
                session.setting(setting.getKey(), setting.getValue().value());
            }
            catch (final MuonException e)
            {
                // a setting this server does not know is skipped unless the client marked it important
                if (e.code() != ErrorCodes.UNKNOWN_SETTING || setting.getValue().important() &&
                    revision >= NativeProtocol.REVISION_WITH_SETTINGS_SERIALIZED_AS_STRINGS)
                {
                    throw e;
                }
                LOG.log(System.Logger.Level.DEBUG, "ignoring unknown setting " + setting.getKey());
            }
        }
    }

    // ---- SELECT ----

    private void select(final QueryCursor cursor) throws IOException
    {
        final List<LogicalPlan.Column> columns = cursor.columns();
        final List<String> names = new ArrayList<>(columns.size());
        final List<DataType> wire = new ArrayList<>(columns.size());
        final boolean[] convert = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++)
        {
            names.add(columns.get(c).name());
            wire.add(NativeTypes.wireType(columns.get(c).type(), revision, clientVersion));
            convert[c] = NativeTypes.needsConversion(columns.get(c).type(), wire.get(c));
        }
        final Extremes extremes = Boolean.TRUE.equals(connection.session().settings().get("extremes")) ?
            new Extremes(columns.size()) : null;
        connection.running(cursor);
        final ByteSource raw = connection.raw();
        if (raw.hasBuffered())
        {
            if (raw.peek() == NativeProtocol.CLIENT_CANCEL)
            {
                cursor.cancel();
            }
        }
        else
        {
            connection.input().watchForCancel(cursor::cancel);
        }
        long rows = 0;
        long blocksSent = 0;
        long bytes = 0;
        ScheduledFutureHolder ticker = null;
        try
        {
            data(NativeProtocol.SERVER_DATA, names, wire, new Vector[columns.size()], 0);
            ticker = startTicking(cursor);
            Batch batch;
            while ((batch = cursor.next()) != null)
            {
                final Vector[] vectors = converted(batch, wire, convert);
                if (extremes != null)
                {
                    extremes.add(vectors, batch.rows());
                }
                data(NativeProtocol.SERVER_DATA, names, wire, vectors, batch.rows());
                // as ClickHouse: progress at most every interactive_delay, and once more at the end
                progressOf(cursor, true);
                bytes += valueBytes(vectors, batch.rows());
                rows += batch.rows();
                blocksSent++;
            }
        }
        catch (final MuonException e)
        {
            stopTicking(ticker);
            connection.input().watchForCancel(null);
            connection.running(null);
            if (e.code() == ErrorCodes.QUERY_WAS_CANCELLED && cursor.isCancelled())
            {
                // the client cancelled (or went away): it waits for the end of the stream, not an error
                progressOf(cursor, false);
                endOfStream();
                return;
            }
            throw e;
        }
        stopTicking(ticker);
        connection.input().watchForCancel(null);
        connection.running(null);
        // ClickHouse's order after the last block: Totals, Extremes, ProfileInfo, Progress, then the empty block
        final Batch totals = cursor.totals();
        if (totals != null)
        {
            data(NativeProtocol.SERVER_TOTALS, names, wire, converted(totals, wire, convert), 1, false);
        }
        if (extremes != null && extremes.rows() > 0)
        {
            data(NativeProtocol.SERVER_EXTREMES, names, wire, extremes.vectors(), 2, false);
        }
        // the closing packets leave with the EndOfStream that follows, in one write
        out.clear();
        ServerPackets.profileInfo(out, rows, blocksSent, bytes, cursor.appliedLimit(), cursor.rowsBeforeLimit(), true);
        connection.send(false);
        closingProgress(cursor);
        data(NativeProtocol.SERVER_DATA, List.of(), List.of(), new Vector[0], 0, false);
        endOfStream();
    }

    /** The batch's columns in their wire types: the columns marked in {@code convert} are converted. */
    private static Vector[] converted(final Batch batch, final List<DataType> wire, final boolean[] convert)
    {
        final Vector[] vectors = batch.columns().clone();
        for (int c = 0; c < vectors.length; c++)
        {
            if (convert[c])
            {
                vectors[c] = Conversions.convert(vectors[c], batch.rows(), NativeTypes.stripLowCardinality(wire.get(c)),
                    Conversions.Mode.CHECKED);
            }
        }
        return vectors;
    }

    /** Sends one Data (or Totals/Extremes) packet. */
    private void data(final int packetType, final List<String> names, final List<DataType> types,
        final Vector[] vectors, final int rows) throws IOException
    {
        data(packetType, names, types, vectors, rows, true);
    }

    /** The same; with {@code flush} false it waits in the channel for the next flush. */
    private void data(final int packetType, final List<String> names, final List<DataType> types,
        final Vector[] vectors, final int rows, final boolean flush) throws IOException
    {
        block.clear();
        NativeBlockCodec.writeBlock(block, names, types, vectors, 0, rows, revision);
        out.clear();
        ServerPackets.block(out, packetType, block.buffer(), block.length(), method, level);
        connection.send(flush);
    }

    private void progress(final long readRows, final long readBytes, final long writtenRows, final long writtenBytes)
        throws IOException
    {
        if (readRows == 0 && readBytes == 0 && (writtenRows == 0 || revision < NativeProtocol
            .REVISION_WITH_CLIENT_WRITE_INFO))
        {
            return;
        }
        progressLock.lock();
        try
        {
            sentReadRows += readRows;
            sentReadBytes += readBytes;
            lastProgress = System.nanoTime();
            out.clear();
            ServerPackets.progress(out, revision, readRows, readBytes, 0, writtenRows, writtenBytes,
                System.nanoTime() - started);
            connection.send();
        }
        finally
        {
            progressLock.unlock();
        }
    }

    /** The last Progress of a query, left for the flush of its EndOfStream. */
    private void closingProgress(final QueryCursor cursor) throws IOException
    {
        if (readProgress(cursor, out, System.nanoTime()))
        {
            connection.send(false);
        }
    }

    /**
     * Encodes into {@code packet} a Progress with what the cursor read since the last one and counts it as sent;
     * false (nothing encoded) when nothing was read.
     */
    private boolean readProgress(final QueryCursor cursor, final ByteSink packet, final long now)
    {
        final long rows = cursor.readRows() - sentReadRows;
        final long bytes = cursor.readBytes() - sentReadBytes;
        if (rows == 0 && bytes == 0)
        {
            return false;
        }
        sentReadRows += rows;
        sentReadBytes += bytes;
        lastProgress = now;
        packet.clear();
        ServerPackets.progress(packet, revision, rows, bytes, 0, 0, 0, now - started);
        return true;
    }

    /** Progress with what the cursor read since the last one; with {@code ifDue}, only once interactive_delay passed. */
    private void progressOf(final QueryCursor cursor, final boolean ifDue) throws IOException
    {
        progressLock.lock();
        try
        {
            if (!ifDue || System.nanoTime() - lastProgress >= interactiveDelayNanos)
            {
                progress(cursor.readRows() - sentReadRows, cursor.readBytes() - sentReadBytes, 0, 0);
            }
        }
        finally
        {
            progressLock.unlock();
        }
    }

    /** The timer task of one SELECT, cancelled by {@link #stopTicking}. */
    private record ScheduledFutureHolder(java.util.concurrent.ScheduledFuture<?> future)
    {
    }

    private ScheduledFutureHolder startTicking(final QueryCursor cursor)
    {
        progressLock.lock();
        try
        {
            ticking = true;
        }
        finally
        {
            progressLock.unlock();
        }
        return new ScheduledFutureHolder(TICKER.scheduleWithFixedDelay(() -> tick(cursor), interactiveDelayNanos,
            interactiveDelayNanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    /** Stops the timer before the query's closing packets, so no Progress can follow them. */
    private void stopTicking(final ScheduledFutureHolder ticker)
    {
        if (ticker == null)
        {
            return;
        }
        progressLock.lock();
        try
        {
            ticking = false;
        }
        finally
        {
            progressLock.unlock();
        }
        ticker.future().cancel(false);
    }

    /**
     * On the timer: a Progress packet with what was read since the last one, when interactive_delay has passed
     * without one and rows were read. Skips the tick while the query thread is sending its own Progress; the
     * packet is written as one buffer, so it never splits another packet.
     */
    private void tick(final QueryCursor cursor)
    {
        if (!progressLock.tryLock())
        {
            return;
        }
        try
        {
            final long now = System.nanoTime();
            if (!ticking || now - lastProgress < interactiveDelayNanos)
            {
                return;
            }
            final ByteSink packet = new ByteSink(64);
            if (readProgress(cursor, packet, now))
            {
                connection.sendAside(packet);
            }
        }
        catch (final RuntimeException e)
        {
            LOG.log(System.Logger.Level.DEBUG, "progress not sent: " + e);
        }
        finally
        {
            progressLock.unlock();
        }
    }

    private void endOfStream() throws IOException
    {
        out.clear();
        ServerPackets.endOfStream(out);
        connection.send();
    }

    private void exception(final MuonException e) throws IOException
    {
        out.clear();
        ServerPackets.exception(out, e.code(), e.getMessage());
        connection.send();
    }

    // ---- INSERT ----

    /**
     * Answers the structure, then takes Data blocks until an empty one. A block that cannot be decoded breaks the
     * connection (its bytes cannot be skipped); one that decodes but does not fit the stream fails the INSERT after
     * the rest of its data has been read, so the connection stays in step.
     */
    private boolean insert(final InsertSink sink) throws IOException
    {
        final List<LogicalPlan.Column> columns = sink.columns();
        if (!sink.inlineData().isBlank())
        {
            // INSERT … FORMAT f <data> in the query text itself: nothing comes as blocks
            final byte[] inline = sink.inlineData().getBytes(StandardCharsets.UTF_8);
            Formats.input(sink.format(), columns, sink.settings()).parse(new ByteSource(inline), sink::add);
            final long written = sink.commit();
            progress(0, 0, written, inline.length);
            endOfStream();
            return true;
        }
        final List<String> names = new ArrayList<>(columns.size());
        final List<DataType> wire = new ArrayList<>(columns.size());
        for (final LogicalPlan.Column column : columns)
        {
            names.add(column.name());
            wire.add(NativeTypes.wireType(column.type(), revision, clientVersion));
        }
        data(NativeProtocol.SERVER_DATA, names, wire, new Vector[columns.size()], 0);
        MuonException failure = null;
        long written = 0;
        long bytes = 0;
        long pending = 0;
        final int partRows = connection.settings().maxInsertBlockRows();
        while (true)
        {
            final NativeBlockCodec.Block data;
            try
            {
                final long type = connection.raw().readVarUInt();
                if (type == NativeProtocol.CLIENT_CANCEL)
                {
                    endOfStream();
                    return true;
                }
                if (type != NativeProtocol.CLIENT_DATA)
                {
                    throw new MuonException(ErrorCodes.UNEXPECTED_PACKET_FROM_CLIENT, "Unexpected packet " +
                        NativeProtocol.clientPacketName(type) + " received from client (expected Data)");
                }
                ClientPackets.string(connection.raw());
                data = NativeBlockCodec.readBlock(blocks, revision, MAX_BLOCK_ROWS);
            }
            catch (final MuonException e)
            {
                throw new ProtocolException(e);
            }
            bytes += valueBytes(data.vectors(), data.rows());
            if (data.rows() == 0)
            {
                break;
            }
            if (failure != null)
            {
                continue;
            }
            try
            {
                sink.add(NativeTypes.toInsertBatch(data, columns));
                pending += data.rows();
                if (pending >= partRows)
                {
                    written += sink.commit();
                    pending = 0;
                }
            }
            catch (final MuonException e)
            {
                failure = e;
            }
        }
        if (failure != null)
        {
            // like ClickHouse, which inserts each max_insert_block_size block on its own: parts committed before the
            // bad block stay, and the client is told how many rows they hold
            exception(written == 0 ? failure : new MuonException(failure.code(), failure.getMessage() + " (" +
                written + " rows of this INSERT were committed before it, in parts of " + partRows + " rows)"));
            return true;
        }
        try
        {
            written += sink.commit();
        }
        catch (final MuonException e)
        {
            exception(e);
            return true;
        }
        progress(0, 0, written, bytes);
        endOfStream();
        return true;
    }

    /** Roughly how many bytes the values take (what ClickHouse counts as written or result bytes). */
    private static long valueBytes(final Vector[] vectors, final int rows)
    {
        long total = 0;
        for (final Vector vector : vectors)
        {
            if (vector instanceof io.muon.kernel.vector.BytesVector strings)
            {
                total += strings.offsets()[Math.min(rows, strings.size())] + (long)rows * 8;
            }
            else if (vector != null)
            {
                final int width = vector.type().fixedWidth();
                total += (long)rows * (width > 0 ? width : 8);
            }
        }
        return total;
    }

    /** The smallest and largest value of every result column ({@code extremes = 1}). */
    private static final class Extremes
    {
        private final Vector[] min;
        private final Vector[] max;

        Extremes(final int width)
        {
            min = new Vector[width];
            max = new Vector[width];
        }

        void add(final Vector[] vectors, final int rows)
        {
            for (int c = 0; c < vectors.length; c++)
            {
                for (int r = 0; r < rows; r++)
                {
                    if (vectors[c].isNull(r))
                    {
                        continue;
                    }
                    if (min[c] == null || vectors[c].compareAt(r, min[c], 0) < 0)
                    {
                        min[c] = single(vectors[c], r);
                    }
                    if (max[c] == null || vectors[c].compareAt(r, max[c], 0) > 0)
                    {
                        max[c] = single(vectors[c], r);
                    }
                }
            }
        }

        private static Vector single(final Vector from, final int row)
        {
            final Vector one = Vector.create(from.type(), 1);
            one.appendFrom(from, row);
            return one;
        }

        int rows()
        {
            for (final Vector v : min)
            {
                if (v == null)
                {
                    return 0;
                }
            }
            return 2;
        }

        Vector[] vectors()
        {
            final Vector[] both = new Vector[min.length];
            for (int c = 0; c < min.length; c++)
            {
                both[c] = Vector.create(min[c].type(), 2);
                both[c].appendFrom(min[c], 0);
                both[c].appendFrom(max[c], 0);
            }
            return both;
        }
    }
}
