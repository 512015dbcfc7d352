package dev.parley.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FencingTokensTest {
    private static final long TWO_POW_53 = 1L << 53;

    @TempDir
    Path stateDir;

    @Test
    void missingGenerationFileStartsGenerationOneAndPersistsIt() throws Exception {
        FencingTokens tokens = FencingTokens.open(stateDir);

        assertThat(tokens.generation()).isEqualTo(1);
        assertThat(Files.readString(stateDir.resolve("generation")).strip()).isEqualTo("1");
        assertThat(tokens.next()).isEqualTo((1L << 32) + 1);
        try (var files = Files.list(stateDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("generation");
        }
    }

    @Test
    void tokensStrictlyIncreaseAcrossAReopen() {
        FencingTokens first = FencingTokens.open(stateDir);
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            long token = first.next();
            assertThat(token).isGreaterThan(last);
            last = token;
        }

        FencingTokens second = FencingTokens.open(stateDir);

        assertThat(second.generation()).isEqualTo(first.generation() + 1);
        assertThat(second.next()).isGreaterThan(last);
    }

    @Test
    void tokensOfTheLastAllowedGenerationStayBelowTwoToThe53() throws Exception {
        Files.writeString(stateDir.resolve("generation"), Long.toString(FencingTokens.MAX_GENERATION - 1));

        FencingTokens tokens = FencingTokens.open(stateDir);

        assertThat(tokens.generation()).isEqualTo(FencingTokens.MAX_GENERATION);
        long token = tokens.next();
        assertThat(token).isLessThan(TWO_POW_53).isGreaterThan(TWO_POW_53 - (1L << 32));
        assertThat((double) token).isEqualTo(Math.rint((double) token)); // exact as a JSON double
    }

    @Test
    void aGenerationThatWouldPassTwoToThe53FailsOpenAndKeepsTheFile() throws Exception {
        Path file = stateDir.resolve("generation");
        Files.writeString(file, Long.toString(FencingTokens.MAX_GENERATION));

        assertThatThrownBy(() -> FencingTokens.open(stateDir))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED))
                .hasMessageContaining("2^53");
        assertThat(Files.readString(file)).isEqualTo(Long.toString(FencingTokens.MAX_GENERATION));
    }

    @Test
    void anUnreadableGenerationFileFailsOpenInsteadOfRestartingAtZero() throws Exception {
        Path file = stateDir.resolve("generation");
        Files.writeString(file, "seven");

        assertThatThrownBy(() -> FencingTokens.open(stateDir))
                .isInstanceOf(ParleyException.class)
                .hasMessageContaining("unreadable fencing generation");
        assertThat(Files.readString(file)).isEqualTo("seven");
    }

    @Test
    void concurrentCallersNeverGetTheSameToken() throws Exception {
        FencingTokens tokens = FencingTokens.open(stateDir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < 5_000; i++) {
                        mine.add(tokens.next());
                    }
                    return mine;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> future : futures) {
                List<Long> mine = future.get();
                assertThat(mine).isSorted();
                all.addAll(mine);
            }
            assertThat(all).hasSize(20_000);
        } finally {
            pool.shutdownNow();
        }
    }
}
