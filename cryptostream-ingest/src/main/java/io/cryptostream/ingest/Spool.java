package io.cryptostream.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A bounded, append-only file of records waiting for Kafka, read back in the order they were appended.
 *
 * <p>Format: one record per line, UTF-8: {@code <crc32 of the rest, 8 hex digits> <key>\t<value>\n} for a text record
 * without a content type, {@code <crc32 of the rest>+<key>\t<content type>\t<value in Base64>\n} for a record that
 * names its format (its value may be any bytes, such as Avro). A sidecar file
 * {@code <name>.head} holds the byte offset of the first record not yet delivered; once every record is delivered the
 * spool is truncated to nothing. Every {@link #append} is forced to disk (fsync) before it returns, so a record the
 * spool took survives a crash of the process or the machine. On open, a torn last line (no line break: the process
 * died mid-write) is cut off, and a complete line whose checksum does not match is skipped and counted.
 *
 * <p>One process at a time: an exclusive lock on the file, held until {@link #close}. Not thread-safe: callers
 * synchronise.
 */
final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final int CRC_HEX = 8;
    /** After the checksum: a text record without a content type, the only kind older spools hold. */
    private static final byte TEXT = ' ';
    /** After the checksum: a record with a content type, its value in Base64. */
    private static final byte TYPED = '+';
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();
    private static final int READ_BLOCK = 256 * 1024;

    /** Records read from the head of the spool, and the offset just past them. */
    record Chunk(List<SpoolRecord> records, long end) {
    }

    private final Path file;
    private final Path headFile;
    private final long maxBytes;
    private FileChannel channel;
    private FileLock lock;
    private long head;
    private long end;
    private long records;
    private long corruptLines;

    private Spool(Path file, long maxBytes, FileChannel channel, FileLock lock) {
        this.file = file;
        this.headFile = file.resolveSibling(file.getFileName() + ".head");
        this.maxBytes = maxBytes;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the spool at {@code file}, bounded to {@code maxBytes} of undelivered records.
     *
     * @throws IngestException if another process holds it, or it cannot be read
     */
    static Spool open(Path file, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the spool's max bytes must be positive, was " + maxBytes);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            Spool spool = new Spool(file, maxBytes, channel, lock);
            spool.recover();
            return spool;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IngestException("The spool " + file.toAbsolutePath() + " is in use by another ingest process: "
                    + "give each one its own work dir or cryptostream.ingest.spool.dir");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IngestException("Cannot open the spool " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Records appended and not yet removed. */
    long records() {
        return records;
    }

    /** Bytes those records take on disk. */
    long bytes() {
        return end - head;
    }

    boolean isEmpty() {
        return records == 0;
    }

    /** Complete lines found with a wrong checksum since open; they are skipped, never delivered. */
    long corruptLines() {
        return corruptLines;
    }

    /** How many bytes {@code batch} would take in the spool. */
    static long sizeOf(List<SpoolRecord> batch) {
        long size = 0;
        for (SpoolRecord record : batch) {
            size += line(record).length;
        }
        return size;
    }

    /** Whether {@code batch} fits within the max bytes. */
    boolean fits(List<SpoolRecord> batch) {
        return bytes() + sizeOf(batch) <= maxBytes;
    }

    /**
     * Appends {@code batch}, all of it or nothing, and forces it to disk.
     *
     * @throws IllegalStateException when it does not {@link #fits fit}
     */
    void append(List<SpoolRecord> batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (SpoolRecord record : batch) {
            bytes.writeBytes(line(record));
        }
        if (bytes() + bytes.size() > maxBytes) {
            throw new IllegalStateException("the spool " + file + " has no room for " + batch.size() + " records");
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            long position = end;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
            end = position;
            records += batch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the spool " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Up to {@code max} records from the head, oldest first; nothing is removed. */
    Chunk peek(int max) {
        List<SpoolRecord> found = new ArrayList<>();
        long position = scan(head, max, found::add, false);
        return new Chunk(List.copyOf(found), position);
    }

    /** Removes the records of {@code chunk}, all delivered; an emptied spool is truncated to nothing. */
    void remove(Chunk chunk) {
        records -= chunk.records().size();
        head = chunk.end();
        try {
            if (head >= end) {
                channel.truncate(0);
                channel.force(true);
                head = 0;
                end = 0;
                records = 0;
                Files.deleteIfExists(headFile);
            } else {
                writeHead();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot update the spool " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the records of {@code chunk} of which only {@code undelivered} (in their order) still wait: the spool
     * is rewritten as those followed by the records after the chunk, so that nothing delivered is sent twice and
     * nothing undelivered overtakes what came before it.
     */
    void removeDelivered(Chunk chunk, List<SpoolRecord> undelivered) {
        Path rewritten = file.resolveSibling(file.getFileName() + ".rewrite");
        try (FileChannel out = FileChannel.open(rewritten, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            undelivered.forEach(record -> bytes.writeBytes(line(record)));
            out.write(ByteBuffer.wrap(bytes.toByteArray()));
            for (long copied = chunk.end(); copied < end; ) {
                copied += channel.transferTo(copied, end - copied, out);
            }
            out.force(true);
            long newEnd = out.size();
            // Move the rewritten file over the spool and keep holding the lock: on POSIX the lock follows the open
            // channel, so the new file is locked before the old channel closes.
            Files.move(rewritten, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FileChannel reopened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.close();
            channel = reopened;
            lock = channel.lock();
            Files.deleteIfExists(headFile);
            records = records - chunk.records().size() + undelivered.size();
            head = 0;
            end = newEnd;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rewrite the spool " + file.toAbsolutePath() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Releases the file; an empty spool leaves no file behind. */
    @Override
    public void close() {
        try {
            if (end == 0) {
                Files.deleteIfExists(file);
                Files.deleteIfExists(headFile);
            }
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            log.debug("Releasing the spool lock of {} failed", file, e);
        }
        closeQuietly(channel);
    }

    private void recover() throws IOException {
        end = channel.size();
        head = readHead();
        if (head > end) {
            log.warn("The spool {} is shorter than its head offset {}; reading it from the start", file, head);
            head = 0;
        }
        long[] found = new long[1];
        long validEnd = scan(head, Long.MAX_VALUE, record -> found[0]++, true);
        records = found[0];
        if (validEnd < end) {
            log.warn("The spool {} ends with a torn record ({} bytes, written when a process died mid-write); "
                    + "cutting it off", file.toAbsolutePath(), end - validEnd);
            channel.truncate(validEnd);
            channel.force(true);
            end = validEnd;
        }
        if (corruptLines > 0) {
            log.warn("The spool {} holds {} records whose checksum does not match; they are skipped",
                    file.toAbsolutePath(), corruptLines);
        }
        if (records > 0) {
            log.info("The spool {} holds {} records ({} bytes) from an earlier run; they go to Kafka first",
                    file.toAbsolutePath(), records, bytes());
        }
    }

    /**
     * Reads complete lines from {@code from}, handing up to {@code max} valid records to {@code sink}; returns the
     * offset after the last complete line read. A last line without a line break (torn) is not read; damaged lines
     * are skipped, and counted when {@code countCorrupt}.
     */
    private long scan(long from, long max, Consumer<SpoolRecord> sink, boolean countCorrupt) {
        ByteBuffer block = ByteBuffer.allocate(READ_BLOCK);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long lineEnd = from;
        long readAt = from;
        long handed = 0;
        try {
            while (handed < max && readAt < end) {
                block.clear();
                int read = channel.read(block, readAt);
                if (read <= 0) {
                    break;
                }
                readAt += read;
                block.flip();
                while (block.hasRemaining()) {
                    byte b = block.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    lineEnd = readAt - block.remaining();
                    SpoolRecord record = parse(line.toByteArray());
                    line.reset();
                    if (record != null) {
                        sink.accept(record);
                        if (++handed >= max) {
                            return lineEnd;
                        }
                    } else if (countCorrupt) {
                        corruptLines++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the spool " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return lineEnd;
    }

    private static byte[] line(SpoolRecord record) {
        String text = record.contentType() == null ? record.key() + '\t' + new String(record.value(), StandardCharsets.UTF_8)
                : record.key() + '\t' + record.contentType() + '\t' + BASE64.encodeToString(record.value());
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] line = new byte[CRC_HEX + 1 + body.length + 1];
        byte[] crc = crcOf(body, 0, body.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(crc, 0, line, 0, CRC_HEX);
        line[CRC_HEX] = record.contentType() == null ? TEXT : TYPED;
        System.arraycopy(body, 0, line, CRC_HEX + 1, body.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /** The record of a line without its line break, or null when the line is damaged. */
    private static SpoolRecord parse(byte[] line) {
        if (line.length < CRC_HEX + 2 || line[CRC_HEX] != TEXT && line[CRC_HEX] != TYPED) {
            return null;
        }
        String crc = new String(line, 0, CRC_HEX, StandardCharsets.US_ASCII);
        if (!crc.equals(crcOf(line, CRC_HEX + 1, line.length - CRC_HEX - 1))) {
            return null;
        }
        String body = new String(line, CRC_HEX + 1, line.length - CRC_HEX - 1, StandardCharsets.UTF_8);
        int tab = body.indexOf('\t');
        if (tab < 0) {
            return null;
        }
        if (line[CRC_HEX] == TEXT) {
            return new SpoolRecord(body.substring(0, tab), body.substring(tab + 1));
        }
        int secondTab = body.indexOf('\t', tab + 1);
        if (secondTab < 0) {
            return null;
        }
        try {
            return new SpoolRecord(body.substring(0, tab), BASE64_DECODER.decode(body.substring(secondTab + 1)),
                    body.substring(tab + 1, secondTab));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String crcOf(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    private long readHead() throws IOException {
        if (!Files.exists(headFile)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(headFile).strip());
        } catch (NumberFormatException e) {
            log.warn("The spool's head offset {} is unreadable; reading the spool from the start", headFile);
            return 0;
        }
    }

    /** Written beside and moved in place, so a crash leaves the old offset or the new one, never half of one. */
    private void writeHead() throws IOException {
        Path next = headFile.resolveSibling(headFile.getFileName() + ".next");
        try (FileChannel out = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(Long.toString(head).getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
        Files.move(next, headFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing a spool channel failed", e);
        }
    }
}
