package dev.parley.core.compaction.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what the registry logs (System.Logger is backed by java.util.logging in core's tests). */
final class CapturedLogs extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.parley.core.compaction.registry");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    CapturedLogs() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    List<String> at(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level))
                .map(r -> r.getParameters() == null || r.getParameters().length == 0 ? r.getMessage()
                        : java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
