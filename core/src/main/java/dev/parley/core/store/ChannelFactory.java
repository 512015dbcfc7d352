package dev.parley.core.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels transcripts are written through: the OS boundary where tests inject faults
 * (a channel whose {@code force} or {@code write} fails) without mocking Parley's own storage (SPEC §17).
 */
@FunctionalInterface
public interface ChannelFactory {
    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
