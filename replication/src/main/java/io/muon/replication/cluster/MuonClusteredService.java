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
        else if (failure != null && !(failure instanceof MuonException))
        {
            LOG.log(System.Logger.Level.WARNING, "applying the cluster log at " + position + ": " + failure, failure);
        }
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
        while (true)
        {
            final long next = store.applyReplicated(stream, buffer, offset + BODY_OFFSET, length - BODY_OFFSET, rows,
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
                Files.writeString(temp, Long.toString(position), StandardCharsets.UTF_8);
                Files.move(temp, ddlPositionFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
