package io.textlstm.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of (ustar/pax/GNU) tar streams, enough to find one regular file in an npm tarball and
 * stream its bytes without unpacking anything to disk.
 */
final class TarReader {

    private static final int BLOCK = 512;

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long remaining; // bytes left in the current entry's data, then padding
    private long padding;
    private String nextLongName;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** One entry: its path and a stream over exactly its bytes (valid until the next call of {@link #next}). */
    record Entry(String name, char type, long size, InputStream data) {}

    /** The next entry, or null at the end of the archive. */
    Entry next() throws IOException {
        while (true) {
            skipRest();
            if (!readBlock(header)) {
                return null;
            }
            if (isZero(header)) {
                return null;
            }
            verifyChecksum();
            String name = string(0, 100);
            String magic = string(257, 6);
            if (magic.startsWith("ustar")) {
                String prefix = string(345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            long size = octal(124, 12);
            char type = (char) (header[156] == 0 ? '0' : header[156]);
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (type == 'L' || type == 'x') {
                // GNU long name, or pax extended header: read the payload, apply it to the next entry
                byte[] payload = in.readNBytes((int) size);
                if (payload.length != size) {
                    throw new EOFException("tar: truncated header payload");
                }
                remaining = 0;
                String text = new String(payload, StandardCharsets.UTF_8);
                if (type == 'L') {
                    nextLongName = text.replace("\0", "");
                } else {
                    String path = paxPath(text);
                    if (path != null) {
                        nextLongName = path;
                    }
                }
                continue;
            }
            if (type == 'g') {
                continue;
            }
            if (nextLongName != null) {
                name = nextLongName;
                nextLongName = null;
            }
            return new Entry(name, type, size, new EntryStream(in));
        }
    }

    private static String paxPath(String records) {
        // records: "<len> key=value\n"...
        for (String line : records.split("\n")) {
            int sp = line.indexOf(' ');
            int eq = line.indexOf('=');
            if (sp > 0 && eq > sp && line.substring(sp + 1, eq).equals("path")) {
                return line.substring(eq + 1);
            }
        }
        return null;
    }

    private void skipRest() throws IOException {
        long n = remaining + padding;
        remaining = 0;
        padding = 0;
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("tar: archive ends inside an entry");
                }
                s = 1;
            }
            n -= s;
        }
    }

    private boolean readBlock(byte[] b) throws IOException {
        int n = in.readNBytes(b, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar: archive ends inside a header block");
        }
        return true;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private void verifyChecksum() throws IOException {
        long stored = octal(148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("tar: header checksum mismatch (not a tar archive, or corrupted)");
        }
    }

    private String string(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private long octal(int off, int len) throws IOException {
        if ((header[off] & 0x80) != 0) {
            long v = header[off] & 0x7F;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (header[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            byte c = header[i];
            if (c == 0 || c == ' ') {
                if (any) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("tar: bad octal field in header");
            }
            v = v * 8 + (c - '0');
            any = true;
        }
        return v;
    }

    /** Bytes of the current entry only. */
    private final class EntryStream extends FilterInputStream {
        EntryStream(InputStream archive) {
            super(archive);
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("tar: archive ends inside an entry");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("tar: archive ends inside an entry");
            }
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(Math.min(n, remaining));
            remaining -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        public void close() {
            // the archive stream stays open
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
