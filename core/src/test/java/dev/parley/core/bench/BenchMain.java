package dev.parley.core.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Entry point of {@code ./mvnw -B -ntp -pl core -am -Pbench -DskipTests verify} (docs/BENCHMARKS.md): runs the
 * JMH benchmarks of this package with the JMH command-line options it is given (the profile passes
 * {@code -f 1 -wi 2 -i 3 -w 2s -r 2s}; a regexp selects benchmarks as usual), then prints {@link Summary}: the
 * figures the JMH table does not show directly (appends/s, Parley/naive ratios, large/small ratios).
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        waitForOtherJmhRuns();
        Fixtures.delete(Fixtures.scratch());
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } finally {
            Fixtures.delete(Fixtures.scratch());
        }
        Summary.print(results, System.out);
    }

    /**
     * JMH refuses to start while another JMH run on the machine holds {@code <tmpdir>/jmh.lock}. On a shared
     * machine, wait for it (up to an hour) rather than fail or run both at once and spoil both sets of figures.
     */
    private static void waitForOtherJmhRuns() throws IOException, InterruptedException {
        Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock");
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        boolean told = false;
        while (System.nanoTime() < deadline) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.tryLock()) {
                if (lock != null) {
                    return; // free now; JMH takes it right after
                }
            }
            if (!told) {
                System.out.println("[bench] another JMH run holds " + lockFile + "; waiting for it to finish ...");
                told = true;
            }
            Thread.sleep(5000);
        }
    }
}
