package io.muon.kernel.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The operating-system calls the storage code makes, behind one small interface so that tests can inject a full
 * disk, a failed sync or a short file. {@link #DEFAULT} is the real thing. Implementations are thread-safe.
 */
public interface FilesFacade
{
    FilesFacade DEFAULT = new DefaultFilesFacade();

    /** Opens (creating if asked) a file for reading and writing. Counted in {@link ResourceCounters}. */
    FileChannel openReadWrite(Path file, boolean create) throws IOException;

    /** Opens an existing file for reading. Counted in {@link ResourceCounters}. */
    FileChannel openRead(Path file) throws IOException;

    /** Closes a channel opened here. */
    void close(FileChannel channel);

    /** Grows or shrinks a file to exactly {@code length} bytes; new bytes read as zero. */
    void setLength(FileChannel channel, long length) throws IOException;

    /** Maps {@code length} bytes of the file from offset 0, read-write or read-only. */
    MappedRegion map(FileChannel channel, long length, boolean writable) throws IOException;

    /** Makes the given byte range of a writable mapping durable (msync). */
    void force(MappedRegion region, int offset, int length);

    /** Writes all of {@code data} at {@code position}. */
    void write(FileChannel channel, java.nio.ByteBuffer data, long position) throws IOException;

    /** fsync of a file's data and metadata. */
    void fsync(FileChannel channel) throws IOException;

    /** Reads a whole (small) file. */
    byte[] readAll(Path file) throws IOException;

    /** fsync of a directory, so that created, renamed and deleted entries in it are durable. */
    void fsyncDirectory(Path directory) throws IOException;

    void createDirectories(Path directory) throws IOException;

    boolean exists(Path path);

    long length(Path file) throws IOException;

    /** Deletes a file if it exists. */
    void delete(Path file) throws IOException;

    /** Renames atomically, replacing the target. */
    void rename(Path from, Path to) throws IOException;

    /** Lists the entries of a directory whose names end with {@code suffix}, sorted by name. */
    List<Path> list(Path directory, String suffix) throws IOException;
}
