package io.muon.replication.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.log.NativeLog;
import io.muon.kernel.stream.RecordColumns;
import io.muon.kernel.stream.StreamStore;
import io.muon.replication.ingest.IngestDescriptor;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static io.muon.replication.cluster.ClusterDescriptor.*;

/**
 * The state machine every node runs: applies the committed log in order to this node's catalog and stream logs. An
 * APPEND becomes one record of the stream's NativeLog, tagged with the cluster log position, so a replay after a
 * restart skips what the log already holds; a DDL statement runs on this node's SQL engine, and the position of the
 * last one applied is kept in a file for the same reason. The origin of a message hears the outcome through
 * {@link MuonClusterNode}. Never throws out of a callback: a statement that fails fails on every node alike, and its
 * origin gets the error.
 */
final class MuonClusteredService implements ClusteredService
{
    private static final System.Logger LOG = System.getLogger(MuonClusteredService.class.getName());
    /** The producer id that tags records appended from the cluster log. */
    static final long CLUSTER_PRODUCER = 0x4D554F4E434C5553L;

    private final MuonClusterNode node;
    private final Catalog catalog;
    private final StreamStore store;
    private final MuonClusterNode.CatalogApplier ddl;
    private final Path ddlPositionFile;
    private final Map<Long, Long> appliedByStream = new HashMap<>();
    private final Map<Long, RecordColumns> columnsByStream = new HashMap<>();
    private long ddlApplied;
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;
    private volatile long appliedPosition;
    private volatile Cluster cluster;

    MuonClusteredService(final MuonClusterNode node, final Catalog catalog, final StreamStore store,
        final MuonClusterNode.CatalogApplier ddl, final Path ddlPositionFile)
    {
        this.node = node;
        this.catalog = catalog;
        this.store = store;
        this.ddl = ddl;
        this.ddlPositionFile = ddlPositionFile;
    }

    Cluster.Role role()
    {
        return role;
    }

    /** The log position this node's service has applied up to (session events included). */
    long appliedPosition()
    {
        final Cluster current = cluster;
        return current == null ? appliedPosition : Math.max(appliedPosition, current.logPosition());
    }

    /** Snapshots this node's service wrote, and whether it started from one. */
    private volatile int snapshotsTaken;
    private volatile long snapshotPosition;
    private volatile boolean startedFromSnapshot;

    int snapshotsTaken()
    {
        return snapshotsTaken;
    }

    boolean startedFromSnapshot()
    {
        return startedFromSnapshot;
    }

    /** The log position of the last snapshot this service took in this run (0: none yet). */
    long snapshotPosition()
    {
        return snapshotPosition;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        if (snapshotImage != null)
        {
            loadSnapshot(snapshotImage);
        }
        try
        {
            ddlApplied = Math.max(ddlApplied, Files.exists(ddlPositionFile) ?
                Long.parseLong(Files.readString(ddlPositionFile).trim()) : -1);
        }
        catch (final IOException | NumberFormatException e)
        {
            throw new IllegalStateException("cannot read " + ddlPositionFile + ": " + e, e);
        }
        role = cluster.role();
        this.cluster = cluster;
        if (startedFromSnapshot)
        {
            snapshotPosition = cluster.logPosition();
        }
    }

    /** The commit position of the cluster log as this node's consensus module knows it, or -1. */
    long commitPosition()
    {
        final Cluster current = cluster;
        if (current == null)
        {
            return -1;
        }
        final org.agrona.concurrent.status.CountersReader counters = current.aeron().countersReader();
        final long[] position = {-1};
        counters.forEach((counterId, typeId, key, label) ->
        {
            if (typeId == io.aeron.cluster.ConsensusModule.Configuration.COMMIT_POSITION_TYPE_ID)
            {
                position[0] = Math.max(position[0], counters.getCounterValue(counterId));
            }
        });
        return position[0];
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length, final Header header)
    {
        final long position = header.position();
        appliedPosition = position;
        if (length < STREAM_OFFSET)
        {
            LOG.log(System.Logger.Level.WARNING, "cluster log message of {0} bytes at {1} ignored", length, position);
            return;
        }
        final int origin = buffer.getInt(offset + ORIGIN_OFFSET);
        final long request = buffer.getLong(offset + REQUEST_OFFSET);
        long result = 0;
        RuntimeException failure = null;
        try
        {
            result = switch (buffer.getByte(offset + TYPE_OFFSET))
            {
                case TYPE_APPEND -> append(buffer, offset, length, position);
                case TYPE_DDL -> ddl(buffer, offset, length, position);
                case TYPE_BARRIER -> 0L;
                default -> throw new MuonException(ErrorCodes.INCORRECT_DATA, "Unknown cluster message type " +
                    buffer.getByte(offset + TYPE_OFFSET));
            };
        }
        catch (final RuntimeException e)
        {
            failure = e;
        }
        if (origin == node.memberId())
        {
            node.applied(request, result, failure);
        }
        if (failure != null && !deterministic(buffer.getByte(offset + TYPE_OFFSET), failure))
        {
            // this node could not apply what every other node applies (disk, a closed log): going on would leave a
            // hole in its data, so its service stops here and the node stops taking part
            LOG.log(System.Logger.Level.ERROR, "cluster member " + node.memberId() + " cannot apply the cluster " +
                "log at " + position + " and stops applying it: " + failure, failure);
            throw new org.agrona.concurrent.AgentTerminationException(failure);
        }
    }

    /**
     * Whether a failure to apply a message happens alike on every node (the statement or the rows are wrong for the
     * catalog every node has), so skipping the message keeps the nodes equal.
     */
    private static boolean deterministic(final byte type, final RuntimeException failure)
    {
        if (!(failure instanceof MuonException muon))
        {
            return false;
        }
        if (type != TYPE_APPEND)
        {
            return true;
        }
        return muon.code() == ErrorCodes.UNKNOWN_TABLE || muon.code() == ErrorCodes.TYPE_MISMATCH ||
            muon.code() == ErrorCodes.INCORRECT_DATA;
    }

    @Override
    public void onNewLeadershipTermEvent(final long leadershipTermId, final long logPosition, final long timestamp,
        final long termBaseLogPosition, final int leaderMemberId, final int logSessionId,
        final java.util.concurrent.TimeUnit timeUnit, final int appVersion)
    {
        node.newTermApplied(leadershipTermId);
    }

    private long append(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        final long streamId = buffer.getLong(offset + STREAM_OFFSET);
        final CatalogObject stream = catalog.snapshot().objectsById().get(streamId);
        if (stream == null)
        {
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "The stream the rows were for (id " + streamId +
                ") was dropped");
        }
        final int end = offset + length;
        final int nameLength = IngestDescriptor.stringLength(buffer, offset + NAME_OFFSET, end);
        if (nameLength < 0)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "A cluster APPEND message is cut short");
        }
        final String name = IngestDescriptor.getString(buffer, offset + NAME_OFFSET, nameLength);
        if (!name.equals(stream.qualifiedName()))
        {
            throw new MuonException(ErrorCodes.UNKNOWN_TABLE, "The rows were for stream " + name + " but id " + streamId +
                " is " + stream.qualifiedName() + " on member " + node.memberId() + " (catalogs differ)");
        }
        final int body = offset + NAME_OFFSET + 4 + nameLength;
        final int schemaVersion = buffer.getInt(offset + SCHEMA_VERSION_OFFSET);
        if (schemaVersion != stream.schemaVersion())
        {
            throw new MuonException(ErrorCodes.TYPE_MISMATCH, "Stream " + stream.qualifiedName() + " changed (schema " +
                "version " + stream.schemaVersion() + ", rows for " + schemaVersion + "); insert again");
        }
        final Long applied = appliedByStream.computeIfAbsent(streamId,
            id -> store.lastProducerSequence(stream, CLUSTER_PRODUCER));
        if (position <= applied)
        {
            return store.log(stream).nextSequence();
        }
        final int rows = buffer.getInt(offset + ROWS_OFFSET);
        final RecordColumns columns = columnsByStream.computeIfAbsent(streamId,
            id -> new RecordColumns(StreamStore.types(stream)));
        final String problem = (columns.types().equals(StreamStore.types(stream)) ? columns :
            new RecordColumns(StreamStore.types(stream))).validate(buffer, body, end - body, rows);
        if (problem != null)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "Rows for stream " + stream.qualifiedName() +
                " do not fit its columns: " + problem);
        }
        final long waitUntil = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            final long next = store.applyReplicated(stream, buffer, body, end - body, rows,
                buffer.getLong(offset + MIN_TIME_OFFSET), buffer.getLong(offset + MAX_TIME_OFFSET), CLUSTER_PRODUCER,
                position);
            if (next >= 0)
            {
                appliedByStream.put(streamId, position);
                return next;
            }
            if (next == NativeLog.CLOSED)
            {
                throw new MuonException(ErrorCodes.ABORTED, "Stream " + stream.qualifiedName() + " is closed");
            }
            // back-pressured: the flusher catches up within milliseconds; the log must be applied in order
            if (System.nanoTime() > waitUntil)
            {
                throw new IllegalStateException("the log of stream " + stream.qualifiedName() + " stayed " +
                    "back-pressured for 60 s");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private long ddl(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        final int end = offset + length;
        final int databaseLength = IngestDescriptor.stringLength(buffer, offset + DDL_DATABASE_OFFSET, end);
        if (databaseLength < 0)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "A cluster DDL message is cut short");
        }
        final String database = IngestDescriptor.getString(buffer, offset + DDL_DATABASE_OFFSET, databaseLength);
        final int sqlAt = offset + DDL_DATABASE_OFFSET + 4 + databaseLength;
        final int sqlLength = IngestDescriptor.stringLength(buffer, sqlAt, end);
        if (sqlLength < 0)
        {
            throw new MuonException(ErrorCodes.INCORRECT_DATA, "A cluster DDL message is cut short");
        }
        if (position <= ddlApplied)
        {
            return 0;
        }
        final String sql = IngestDescriptor.getString(buffer, sqlAt, sqlLength);
        try
        {
            ddl.apply(sql, database);
        }
        finally
        {
            ddlApplied = position;
            try
            {
                final Path temp = ddlPositionFile.resolveSibling(ddlPositionFile.getFileName() + ".tmp");
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING))
                {
                    channel.write(java.nio.ByteBuffer.wrap(Long.toString(position).getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                Files.move(temp, ddlPositionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                try (java.nio.channels.FileChannel directory = java.nio.channels.FileChannel.open(
                    ddlPositionFile.getParent(), java.nio.file.StandardOpenOption.READ))
                {
                    directory.force(true);
                }
            }
            catch (final IOException e)
            {
                LOG.log(System.Logger.Level.WARNING, "cannot record the applied DDL position: " + e);
            }
        }
        return 0;
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /**
     * The state lives in the catalog (durable at each change) and the stream logs: they are forced to disk, so the
     * log before this snapshot never needs replaying; the snapshot itself records the position of the last DDL
     * applied (the appends after it are found by the stream logs' own records, as without a snapshot).
     */
    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        store.flushAll();
        final org.agrona.concurrent.UnsafeBuffer snapshot = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
        snapshot.putLong(0, SNAPSHOT_MAGIC);
        snapshot.putLong(8, ddlApplied);
        while (snapshotPublication.offer(snapshot, 0, 16) < 0)
        {
            LockSupport.parkNanos(100_000);
        }
        snapshotsTaken++;
        snapshotPosition = appliedPosition();
        LOG.log(System.Logger.Level.INFO, "cluster member {0} took a snapshot at log position {1}", node.memberId(),
            appliedPosition());
    }

    private static final long SNAPSHOT_MAGIC = 0x4D554F4E534E4150L;

    private void loadSnapshot(final Image image)
    {
        final boolean[] loaded = {false};
        while (!loaded[0])
        {
            final int fragments = image.poll((buffer, offset, length, header) ->
            {
                if (length < 16 || buffer.getLong(offset) != SNAPSHOT_MAGIC)
                {
                    throw new IllegalStateException("the cluster snapshot is not Muon's (" + length + " bytes)");
                }
                ddlApplied = buffer.getLong(offset + 8);
                loaded[0] = true;
            }, 1);
            if (fragments == 0)
            {
                if (image.isEndOfStream() || image.isClosed())
                {
                    throw new IllegalStateException("the cluster snapshot ended before its contents");
                }
                LockSupport.parkNanos(100_000);
            }
        }
        startedFromSnapshot = true;
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
        LOG.log(System.Logger.Level.INFO, "cluster member {0} is now {1}", node.memberId(), newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
    }
}
