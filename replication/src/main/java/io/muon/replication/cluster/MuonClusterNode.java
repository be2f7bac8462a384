package io.muon.replication.cluster;

import io.aeron.Publication;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.muon.kernel.ErrorCodes;
import io.muon.kernel.MuonException;
import io.muon.kernel.catalog.Catalog;
import io.muon.kernel.catalog.CatalogObject;
import io.muon.kernel.stream.AppendReplicator;
import io.muon.kernel.stream.StreamStore;
import io.muon.replication.AeronMedia;
import io.muon.replication.ingest.IngestDescriptor;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.NoOpLock;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import static io.muon.replication.cluster.ClusterDescriptor.*;

/**
 * This node's member of the Muon cluster: an Aeron Cluster (Raft) of the nodes in {@code members}, each running a
 * media driver (embedded, or an external one), an archive (the cluster log on disk) and a consensus module in this
 * process, and
 * {@link MuonClusteredService} as the state machine. Appends to replicated streams ({@code replication_factor} > 1)
 * and catalog statements are sent to the leader through an Aeron Cluster client (so any node takes writes; a follower's
 * client reaches the leader) and return once this node applied them from the committed log, which a majority of the
 * members hold. Member {@code i} listens on its base port + 1 (archive control), + 2 (client ingress), + 3
 * (consensus), + 4 (log), + 5 (catch-up).
 */
public final class MuonClusterNode implements AppendReplicator, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(MuonClusterNode.class.getName());
    private static final long COMMIT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** The leader asks for a snapshot when the log grew by this much since the last one. */
    static final long SNAPSHOT_EVERY_BYTES = 256L << 20;
    /** Followers start an election when they hear nothing from the leader for this long. */
    private static final long LEADER_HEARTBEAT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(3);
    /**
     * Largest record body one cluster message carries: the ingress term of 16 MiB takes messages up to 2 MiB, less
     * the cluster's session header and ours.
     */
    public static final int MAX_BODY_BYTES = (2 << 20) - 4096;

    /** Runs a catalog statement the cluster committed on this node (the SQL engine's replicated-DDL entry). */
    public interface CatalogApplier
    {
        void apply(String sql, String database);
    }

    /** A member as {@code system.cluster} shows it. */
    public record MemberStatus(int id, String address, boolean self, String role, long appliedPosition,
        long commitPosition, int leaderId)
    {
    }

    private final int memberId;
    private final List<InetSocketAddress> members;
    /** The embedded media driver, or null when the node uses an external one. */
    private final MediaDriver mediaDriver;
    private final Archive archive;
    private final ConsensusModule consensusModule;
    private final ClusteredServiceContainer container;
    private final MuonClusteredService service;
    private final String aeronDir;
    private final String ingressEndpoints;
    private final ReentrantLock clientLock = new ReentrantLock();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /** A message sent and not applied yet: who waits for it, and the leadership term it was sent in. */
    private record Pending(CompletableFuture<Long> outcome, long term, long sentNanos)
    {
    }
    private final AtomicLong requests = new AtomicLong(System.currentTimeMillis() << 20);
    private final Thread clientThread;
    private volatile AeronCluster client;
    private volatile boolean closed;

    private MuonClusterNode(final int memberId, final List<InetSocketAddress> members, final Path directory,
        final Catalog catalog, final StreamStore store, final CatalogApplier ddl, final String externalAeronDir)
        throws java.io.IOException
    {
        this.memberId = memberId;
        this.members = List.copyOf(members);
        Files.createDirectories(directory);
        final InetSocketAddress self = members.get(memberId);
        final String host = self.getAddress().getHostAddress();
        this.aeronDir = externalAeronDir != null ? externalAeronDir : directory.resolve("aeron").toString();
        final StringBuilder clusterMembers = new StringBuilder();
        final StringBuilder ingress = new StringBuilder();
        for (int i = 0; i < members.size(); i++)
        {
            final String h = members.get(i).getAddress().getHostAddress();
            final int base = members.get(i).getPort();
            clusterMembers.append(i).append(',').append(h).append(':').append(base + 2).append(',').append(h)
                .append(':').append(base + 3).append(',').append(h).append(':').append(base + 4).append(',')
                .append(h).append(':').append(base + 5).append(',').append(h).append(':').append(base + 1).append('|');
            ingress.append(i == 0 ? "" : ",").append(i).append('=').append(h).append(':').append(base + 2);
        }
        this.ingressEndpoints = ingress.toString();
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(AeronMedia.idle())
            .termBufferSparseFile(true)
            // a 2 MiB receiver window (Aeron's default follows the 128 KiB socket buffer) keeps the leader's log
            // flowing to followers while they are busy applying
            .socketRcvbufLength(2 << 20)
            .socketSndbufLength(2 << 20)
            .initialWindowLength(2 << 20)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(e -> LOG.log(System.Logger.Level.WARNING, "cluster media driver: " + e, e));
        final AeronArchive.Context replicationArchive = new AeronArchive.Context()
            .controlResponseChannel("aeron:udp?endpoint=" + host + ":0");
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(directory.resolve("archive").toFile())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + (self.getPort() + 1))
            .archiveClientContext(replicationArchive)
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(AeronMedia::idle)
            .errorHandler(e -> LOG.log(System.Logger.Level.WARNING, "cluster archive: " + e, e));
        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archiveContext.localControlChannel())
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(archiveContext.localControlChannel())
            .aeronDirectoryName(aeronDir);
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(memberId)
            .clusterMembers(clusterMembers.toString())
            .clusterDir(directory.resolve("cluster").toFile())
            .ingressChannel("aeron:udp?term-length=16m|mtu=8k")
            .logChannel("aeron:udp?term-length=64m|mtu=8k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveContext(localArchive.clone())
            .leaderHeartbeatTimeoutNs(LEADER_HEARTBEAT_TIMEOUT_NS)
            .idleStrategySupplier(AeronMedia::idle)
            .errorHandler(e -> LOG.log(System.Logger.Level.WARNING, "cluster consensus module: " + e, e));
        this.service = new MuonClusteredService(this, catalog, store, ddl, directory.resolve("ddl-position"));
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(directory.resolve("cluster").toFile())
            .clusteredService(service)
            .idleStrategySupplier(AeronMedia::idle)
            .errorHandler(e -> LOG.log(System.Logger.Level.WARNING, "cluster service: " + e, e));
        MediaDriver launchedDriver = null;
        Archive launchedArchive = null;
        ConsensusModule launchedConsensus = null;
        ClusteredServiceContainer started = null;
        try
        {
            if (externalAeronDir == null)
            {
                // the local service reads the log through a spy; a spy counts as a connection (as Aeron's own
                // clustered driver sets it; an external driver must run with aeron.spies.simulate.connection=true)
                launchedDriver = MediaDriver.launch(driverContext.spiesSimulateConnection(true));
            }
            launchedArchive = Archive.launch(archiveContext);
            launchedConsensus = ConsensusModule.launch(consensusContext.aeronDirectoryName(aeronDir));
            started = ClusteredServiceContainer.launch(serviceContext);
        }
        catch (final RuntimeException e)
        {
            CloseHelper.quietCloseAll(started, launchedConsensus, launchedArchive, launchedDriver);
            throw e;
        }
        this.mediaDriver = launchedDriver;
        this.archive = launchedArchive;
        this.consensusModule = launchedConsensus;
        this.container = started;
        this.clientThread = new Thread(this::runClient, "muon-cluster-client");
        this.clientThread.setDaemon(true);
        this.clientThread.start();
    }

    /**
     * Starts this node's member: {@code members} lists every node's host and base port in member id order;
     * {@code directory} keeps the archive, the cluster's state and the Aeron files.
     */
    public static MuonClusterNode start(final int memberId, final List<InetSocketAddress> members,
        final Path directory, final Catalog catalog, final StreamStore store, final CatalogApplier ddl)
        throws java.io.IOException
    {
        return start(memberId, members, directory, catalog, store, ddl, null);
    }

    /**
     * As {@link #start(int, List, Path, Catalog, StreamStore, CatalogApplier)}, with the archive and consensus module
     * on the media driver already running in {@code externalAeronDir} (null: embed one in {@code directory}).
     */
    public static MuonClusterNode start(final int memberId, final List<InetSocketAddress> members,
        final Path directory, final Catalog catalog, final StreamStore store, final CatalogApplier ddl,
        final String externalAeronDir) throws java.io.IOException
    {
        if (memberId < 0 || memberId >= members.size())
        {
            throw new IllegalArgumentException("cluster node id " + memberId + " is not one of the " + members.size() +
                " members");
        }
        // a member killed a moment ago leaves mark files that look alive for a few seconds: wait them out
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true)
        {
            try
            {
                return new MuonClusterNode(memberId, members, directory, catalog, store, ddl, externalAeronDir);
            }
            catch (final RuntimeException e)
            {
                if (e.getMessage() == null || !e.getMessage().contains("active mark file") ||
                    System.nanoTime() > deadline)
                {
                    throw e;
                }
                LOG.log(System.Logger.Level.INFO, "cluster member {0}: the previous run's mark files are still " +
                    "fresh; starting again in a second", memberId);
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    public int memberId()
    {
        return memberId;
    }

    /** Every member with what this node knows of it: its own role and applied position, the leader it follows. */
    public List<MemberStatus> status()
    {
        final AeronCluster current = client;
        final int leader = current == null ? -1 : current.leaderMemberId();
        final List<MemberStatus> out = new java.util.ArrayList<>();
        for (int i = 0; i < members.size(); i++)
        {
            final boolean self = i == memberId;
            out.add(new MemberStatus(i, members.get(i).getAddress().getHostAddress() + ":" + members.get(i).getPort(),
                self, self ? service.role().name().toLowerCase(java.util.Locale.ROOT) : i == leader ? "leader" : "",
                self ? service.appliedPosition() : -1, self ? service.commitPosition() : -1, leader));
        }
        return out;
    }

    @Override
    public boolean replicates(final CatalogObject stream)
    {
        final String factor = stream.settings().get("replication_factor");
        try
        {
            return factor != null && Integer.parseInt(factor.trim()) > 1;
        }
        catch (final NumberFormatException e)
        {
            return false;
        }
    }

    @Override
    public int maxBodyBytes()
    {
        return MAX_BODY_BYTES;
    }

    @Override
    public long append(final CatalogObject stream, final DirectBuffer body, final int offset, final int length,
        final int rows, final long minEventTime, final long maxEventTime)
    {
        return await(appendAsync(stream, body, offset, length, rows, minEventTime, maxEventTime),
            "rows for stream " + stream.qualifiedName());
    }

    @Override
    public CompletableFuture<Long> appendAsync(final CatalogObject stream, final DirectBuffer body, final int offset,
        final int length, final int rows, final long minEventTime, final long maxEventTime)
    {
        if (length > MAX_BODY_BYTES)
        {
            throw new MuonException(ErrorCodes.TOO_LARGE_STRING_SIZE, "A batch of " + length + " bytes is larger " +
                "than one replicated record may be (" + MAX_BODY_BYTES + " bytes); send fewer rows at once");
        }
        final ExpandableArrayBuffer message = new ExpandableArrayBuffer(NAME_OFFSET + 256 + length);
        final long request = requests.incrementAndGet();
        message.putByte(TYPE_OFFSET, TYPE_APPEND);
        message.putInt(ORIGIN_OFFSET, memberId);
        message.putLong(REQUEST_OFFSET, request);
        message.putLong(STREAM_OFFSET, stream.id());
        message.putInt(SCHEMA_VERSION_OFFSET, stream.schemaVersion());
        message.putInt(ROWS_OFFSET, rows);
        message.putLong(MIN_TIME_OFFSET, minEventTime);
        message.putLong(MAX_TIME_OFFSET, maxEventTime);
        final int bodyAt = IngestDescriptor.putString(message, NAME_OFFSET, stream.qualifiedName());
        message.putBytes(bodyAt, body, offset, length);
        return send(request, message, bodyAt + length, "rows for stream " + stream.qualifiedName());
    }

    /** Runs a catalog statement on every node; returns once this node applied it (throws what applying threw). */
    public void replicateDdl(final String sql, final String database)
    {
        final ExpandableArrayBuffer message = new ExpandableArrayBuffer(256 + sql.length() * 3);
        final long request = requests.incrementAndGet();
        message.putByte(TYPE_OFFSET, TYPE_DDL);
        message.putInt(ORIGIN_OFFSET, memberId);
        message.putLong(REQUEST_OFFSET, request);
        final int end = IngestDescriptor.putString(message, IngestDescriptor.putString(message, DDL_DATABASE_OFFSET,
            database), sql);
        submit(request, message, end, "the statement");
    }

    /**
     * Waits until this node applied everything the cluster committed before now: sends a BARRIER through the log and
     * waits for this node to apply it. Throws as {@link #append} does when no majority commits it in time.
     */
    public void awaitCaughtUp()
    {
        final ExpandableArrayBuffer message = new ExpandableArrayBuffer(32);
        final long request = requests.incrementAndGet();
        message.putByte(TYPE_OFFSET, TYPE_BARRIER);
        message.putInt(ORIGIN_OFFSET, memberId);
        message.putLong(REQUEST_OFFSET, request);
        submit(request, message, STREAM_OFFSET, "a barrier");
    }

    private long submit(final long request, final DirectBuffer message, final int length, final String what)
    {
        return await(send(request, message, length, what), what);
    }

    /**
     * Offers a message to the leader (retrying while back-pressured or while no leader is reachable, up to the
     * commit timeout) and returns the future its application on this node completes.
     */
    private CompletableFuture<Long> send(final long request, final DirectBuffer message, final int length,
        final String what)
    {
        final CompletableFuture<Long> outcome = new CompletableFuture<>();
        outcome.whenComplete((result, failure) -> pending.remove(request));
        // until it is offered, no new term can make it lost
        pending.put(request, new Pending(outcome, Long.MAX_VALUE, System.nanoTime()));
        final long deadline = System.nanoTime() + COMMIT_TIMEOUT_NS;
        final long[] term = new long[1];
        while (true)
        {
            final long result = offer(message, length, term);
            if (result > 0)
            {
                pending.computeIfPresent(request, (id, waiting) -> new Pending(waiting.outcome(), term[0],
                    waiting.sentNanos()));
                return outcome;
            }
            if (System.nanoTime() > deadline)
            {
                final MuonException failure = new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "The cluster did not " +
                    "take " + what + " within " + TimeUnit.NANOSECONDS.toSeconds(COMMIT_TIMEOUT_NS) + " s (" +
                    (client == null ? "no leader reachable" : "back-pressured") + "); nothing was written, retry");
                outcome.completeExceptionally(failure);
                throw failure;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Waits for a sent message's outcome; the commit timeout is enforced by the client thread. */
    private static long await(final CompletableFuture<Long> outcome, final String what)
    {
        try
        {
            return outcome.get();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new MuonException(ErrorCodes.QUERY_WAS_CANCELLED, "Query was cancelled");
        }
        catch (final ExecutionException e)
        {
            if (e.getCause() instanceof RuntimeException runtime)
            {
                throw runtime;
            }
            throw new MuonException(ErrorCodes.LOGICAL_ERROR, "Applying " + what + " failed: " + e.getCause());
        }
    }

    /** Offers under the client lock; on success {@code term[0]} is the leadership term of the leader it went to. */
    private long offer(final DirectBuffer message, final int length, final long[] term)
    {
        clientLock.lock();
        try
        {
            final AeronCluster current = client;
            if (current == null || current.isClosed())
            {
                return Publication.NOT_CONNECTED;
            }
            final long result = current.offer(message, 0, length);
            term[0] = current.leadershipTermId();
            return result;
        }
        finally
        {
            clientLock.unlock();
        }
    }

    /** Called by the service on its thread when a message this node sent was applied (or failed). */
    void applied(final long request, final long result, final RuntimeException failure)
    {
        final Pending waiting = pending.get(request);
        if (waiting != null)
        {
            final CompletableFuture<Long> outcome = waiting.outcome();
            if (failure != null)
            {
                outcome.completeExceptionally(failure);
            }
            else
            {
                outcome.complete(result);
            }
        }
    }

    /** Keeps this node's cluster client connected to the leader: connects, polls egress, sends keep-alives. */
    private void runClient()
    {
        final var idle = AeronMedia.idle();
        long lastExpiryCheck = System.nanoTime();
        while (!closed)
        {
            int work = 0;
            clientLock.lock();
            try
            {
                work += pollClient();
            }
            catch (final RuntimeException e)
            {
                LOG.log(System.Logger.Level.WARNING, "cluster client: " + e, e);
            }
            finally
            {
                clientLock.unlock();
            }
            if (System.nanoTime() - lastExpiryCheck > TimeUnit.MILLISECONDS.toNanos(100))
            {
                lastExpiryCheck = System.nanoTime();
                expireTimedOut();
            }
            idle.idle(work);
        }
    }

    private long lastKeepAlive;
    private long lastSnapshotCheck = System.nanoTime();

    /** One round of the client thread, under the client lock: connect, or poll egress and keep alive. */
    private int pollClient()
    {
        AeronCluster current = client;
        if (current != null && current.isClosed())
        {
            CloseHelper.quietClose(current);
            client = current = null;
        }
        if (current == null)
        {
            try
            {
                client = AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(aeronDir)
                    .ingressChannel("aeron:udp?term-length=16m|mtu=8k")
                    .ingressEndpoints(ingressEndpoints)
                    .egressChannel("aeron:udp?endpoint=" + members.get(memberId).getAddress().getHostAddress() + ":0")
                    .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5)));
                LOG.log(System.Logger.Level.INFO, "cluster member {0} connected to leader {1}", memberId,
                    client.leaderMemberId());
                return 1;
            }
            catch (final RuntimeException e)
            {
                if (!closed)
                {
                    LOG.log(System.Logger.Level.DEBUG, "cluster client not connected yet: " + e);
                }
                return 0;
            }
        }
        final int work = current.pollEgress();
        if (System.nanoTime() - lastSnapshotCheck > TimeUnit.SECONDS.toNanos(10))
        {
            lastSnapshotCheck = System.nanoTime();
            snapshotWhenDue();
        }
        if (System.nanoTime() - lastKeepAlive > TimeUnit.SECONDS.toNanos(1) && current.sendKeepAlive())
        {
            lastKeepAlive = System.nanoTime();
        }
        return work;
    }

    /** Fails the writes sent longer ago than the commit timeout and not applied yet. */
    private void expireTimedOut()
    {
        final long now = System.nanoTime();
        for (final Pending waiting : pending.values())
        {
            if (now - waiting.sentNanos() > COMMIT_TIMEOUT_NS && !waiting.outcome().isDone())
            {
                waiting.outcome().completeExceptionally(new MuonException(ErrorCodes.TIMEOUT_EXCEEDED, "The cluster " +
                    "did not commit the write within " + TimeUnit.NANOSECONDS.toSeconds(COMMIT_TIMEOUT_NS) + " s (no " +
                    "majority, or this node is cut off); it may still be committed later: check before retrying"));
            }
        }
    }

    /**
     * Called by the service when it applied the start of leadership term {@code term}: whatever an earlier leader
     * took and this node has not applied by now was lost with that leader (a new term's log holds every entry of
     * earlier terms it will ever commit before its own start). Its sender is told the write did not happen.
     */
    void newTermApplied(final long term)
    {
        for (final Pending waiting : pending.values())
        {
            if (waiting.term() < term && !waiting.outcome().isDone())
            {
                waiting.outcome().completeExceptionally(new MuonException(ErrorCodes.NETWORK_ERROR, "The cluster " +
                    "leader that took the write was replaced before it committed it; nothing was written, retry"));
            }
        }
    }

    @Override
    public void close()
    {
        closed = true;
        try
        {
            clientThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietCloseAll(client, container, consensusModule, archive, mediaDriver);
        for (final Pending waiting : pending.values())
        {
            waiting.outcome().completeExceptionally(new MuonException(ErrorCodes.ABORTED, "The server is shutting " +
                "down"));
        }
    }

    /**
     * Asks the cluster for a snapshot now (honoured when this member leads): every member then forces its stream
     * logs to disk and records where it is, so a restart replays only the log after it. Returns whether the request
     * was placed.
     */
    public boolean snapshot()
    {
        final org.agrona.concurrent.status.AtomicCounter toggle = io.aeron.cluster.ClusterControl.findControlToggle(
            consensusModule.context().aeron().countersReader(), consensusModule.context().clusterId());
        return toggle != null && io.aeron.cluster.ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
    }

    /** Snapshots this member's service took since it started. */
    public int snapshotsTaken()
    {
        return service.snapshotsTaken();
    }

    /** Whether this member started from a snapshot (and replayed only the log after it). */
    public boolean startedFromSnapshot()
    {
        return service.startedFromSnapshot();
    }

    /** The leader's periodic snapshot: when the log grew by {@link #SNAPSHOT_EVERY_BYTES} since the last one. */
    private void snapshotWhenDue()
    {
        if (service.role() == Cluster.Role.LEADER &&
            service.appliedPosition() - service.snapshotPosition() > SNAPSHOT_EVERY_BYTES && snapshot())
        {
            LOG.log(System.Logger.Level.INFO, "cluster member {0} asked for a snapshot at log position {1}",
                memberId, service.appliedPosition());
        }
    }

    /** The role of this node's member now. */
    public Cluster.Role role()
    {
        return service.role();
    }
}
