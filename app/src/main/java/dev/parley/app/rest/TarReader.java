package dev.parley.app.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.rpc.Json;
import dev.parley.core.error.ParleyException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small ustar/pax/GNU tar reader for {@code POST /sessions/import}: regular files become the {@code files} map of
 * an OpenClaw import (path → UTF-8 content), directories are skipped, and anything that could reach outside the
 * tree is refused with {@code INVALID_PARAMS}: symbolic or hard links, devices, absolute paths and {@code ..}.
 * A leading {@code ./} and any directories above {@code agents/} are dropped. (Apache commons-compress is not a
 * dependency of the app; this covers what {@code tar -c} writes.)
 */
final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    static ObjectNode read(Path tar) throws IOException {
        ObjectNode files = Json.object();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
            String longName = null;
            byte[] h = new byte[BLOCK];
            while (readFully(in, h)) {
                if (isZero(h)) {
                    break;
                }
                String name = longName != null ? longName : name(h);
                longName = null;
                long size = octal(h, 124, 12);
                char type = (char) h[156];
                byte[] body = type == '5' ? new byte[0] : body(in, size);
                switch (type) {
                    case '0', '\0', '7' -> files.put(path(name), new String(body, StandardCharsets.UTF_8));
                    case '5' -> { /* a directory */ }
                    case 'L' -> longName = cString(body, 0, body.length);
                    case 'x' -> longName = paxPath(body);
                    case 'g' -> { /* global pax header: nothing Parley needs */ }
                    default -> throw refused(name, "entry type '" + type + "' (links and devices are not allowed)");
                }
            }
        }
        return files;
    }

    private static byte[] body(InputStream in, long size) throws IOException {
        if (size < 0 || size > Integer.MAX_VALUE - BLOCK) {
            throw ParleyException.invalidParams("tar", "a tar entry is too large");
        }
        byte[] body = new byte[(int) size];
        if (!readFully(in, body)) {
            throw ParleyException.invalidParams("tar", "the tar is truncated");
        }
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(pad);
        return body;
    }

    private static String path(String raw) {
        String p = raw;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        if (p.startsWith("/") || p.contains("\\") || p.equals("..") || p.startsWith("../") || p.contains("/../")
                || p.endsWith("/..")) {
            throw refused(raw, "the path must stay inside the tree");
        }
        int agents = p.startsWith("agents/") ? 0 : p.indexOf("/agents/") + 1;
        return agents > 0 ? p.substring(agents) : p;
    }

    private static ParleyException refused(String name, String why) {
        return ParleyException.invalidParams("tar[\"" + name + "\"]", "tar entry " + name + ": " + why);
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] body) {
        String path = null;
        for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                path = record.substring(space + 6);
            }
        }
        return path;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) {
        String s = cString(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw ParleyException.invalidParams("tar", "not a tar file (bad size field)");
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readFully(InputStream in, byte[] buf) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0 && buf.length > 0) {
            return false;
        }
        if (n < buf.length) {
            throw ParleyException.invalidParams("tar", "the tar is truncated");
        }
        return true;
    }
}
