package com.example.flaky;

import dev.parley.compaction.spi.CompactionException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Misbehaves as configured by {@code behaviour}: ok, throw, fail, hang, block, null, null-result, empty, oom. */
final class Behaviour {
    private Behaviour() {}

    static String of(Map<String, String> config) {
        return config.getOrDefault("behaviour", "ok");
    }

    static <T> CompletionStage<T> act(String behaviour, T ok) {
        switch (behaviour) {
            case "ok":
                return CompletableFuture.completedFuture(ok);
            case "throw":
                throw new IllegalStateException("flaky threw");
            case "fail":
                return CompletableFuture.failedFuture(new CompactionException("endpoint returned HTTP 429"));
            case "fail-unchecked":
                return CompletableFuture.failedFuture(new UnsupportedOperationException("no can do"));
            case "hang":
                return new CompletableFuture<>();
            case "block":
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("interrupted");
            case "null":
                return null;
            case "null-result":
                return CompletableFuture.completedFuture(null);
            case "oom":
                throw new OutOfMemoryError("flaky oom");
            default:
                throw new IllegalArgumentException("unknown behaviour " + behaviour);
        }
    }
}
