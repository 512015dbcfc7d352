package dev.parley.core.key;

import dev.parley.core.routing.KeyResolver;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the key operations every request pays. Run after {@code ./mvnw -B -ntp -pl core -am test-compile}:
 * {@code java -cp "core/target/test-classes:core/target/classes:$(cat cp.txt)" org.openjdk.jmh.Main SessionKeyBenchmark -f1 -wi 2 -i 3 -r 2s}
 * with {@code cp.txt} from {@code ./mvnw -B -ntp -q -pl core dependency:build-classpath -Dmdep.outputFile=$PWD/cp.txt}.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionKeyBenchmark {
    @Param({"agent:main:whatsapp:dm:+15555550123", "agent:work:slack:dm:account2:U12345:thread1700000000.123456",
        "agent:main:matrix:dm:%40alice%3Aexample.org%2Fd%C3%A9j%C3%A0"})
    public String key;

    private SessionKey parsed;
    private KeyResolver resolver;

    @Setup
    public void setUp() {
        parsed = SessionKey.parse(key, "main");
        resolver = new KeyResolver("main", "per-channel-peer", Map.of("telegram.business", "work"));
    }

    @Benchmark
    public SessionKey parse() {
        return SessionKey.parse(key, "main");
    }

    @Benchmark
    public String format() {
        return parsed.format();
    }

    @Benchmark
    public String stem() {
        return FileStems.stem(parsed);
    }

    /** Independent of {@code key}: one inbound Telegram topic message through a binding. */
    @Benchmark
    public Object resolve() {
        return resolver.resolve("telegram", "business", "group", "-100123456789", "42");
    }
}
