package dev.parley.core.portable.openclaw;

import java.io.IOException;

/** Where the exporter writes the files of an OpenClaw tree, one after the other, each in pieces. */
interface FileSink {
    /** Starts the file at {@code path} (ending the previous one). */
    void begin(String path) throws IOException;

    /** Appends text to the current file. */
    void text(String text) throws IOException;
}
