package dev.parley.core.compaction.registry;

import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs compactor and summariser calls guarded: on the plugin executor, with a timeout, every failure turned into a
 * {@link PluginFailedException} naming the plugin.
 *
 * <p>Design notes. A call is a {@link FutureTask} on {@code executor} (so a plugin that blocks inside
 * {@code compact()} instead of returning a stage is still timed out) plus a timer on {@code scheduler}. Whoever
 * completes {@code result} first wins: the plugin's stage (value, failure, null or empty result) or the timer.
 * The timer completes {@code result} on the scheduler thread itself, so a timeout fires even when every executor
 * thread is stuck; it then interrupts the task if it is still inside the plugin and cancels the plugin's stage
 * (best effort, on the executor). Hence the returned stage may complete on a plugin thread, a plugin's own I/O
 * thread or the timer thread: callers continue with {@code *Async} stages or Mutiny {@code emitOn} for anything
 * that blocks. A {@link VirtualMachineError} is never wrapped: it completes the stage as it is. A failure that is
 * already a {@code PluginFailedException} (a guarded summariser inside a compactor) passes through unchanged, so
 * the report names the plugin that failed.
 */
final class PluginCalls {
    private final Executor executor;
    private final ScheduledExecutorService scheduler;

    PluginCalls(Executor executor, ScheduledExecutorService scheduler) {
        this.executor = executor;
        this.scheduler = scheduler;
    }

    Compactor compactor(Registered plugin, Compactor raw, Duration timeout) {
        return request -> call(plugin, timeout, () -> raw.compact(request),
                (CompactionResult r) -> r == null ? "returned no result" : null);
    }

    Summarizer summarizer(Registered plugin, Summarizer raw, Duration timeout) {
        return request -> call(plugin, timeout, () -> raw.summarize(request),
                (String s) -> s == null || s.isBlank() ? "returned an empty summary" : null);
    }

    /**
     * @param problem returns why a value is unacceptable, or null when it is fine
     */
    <T> CompletableFuture<T> call(Registered plugin, Duration timeout, Supplier<? extends CompletionStage<T>> body,
                                  Function<T, String> problem) {
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicReference<CompletionStage<T>> running = new AtomicReference<>();
        FutureTask<Void> task = new FutureTask<>(() -> {
            invoke(plugin, body, problem, result, running);
            return null;
        });
        ScheduledFuture<?> timer;
        try {
            timer = scheduler.schedule(() -> timedOut(plugin, timeout, result, task, running), timeout.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new PluginFailedException(plugin, "not run: the registry is closed", e));
            return result;
        }
        result.whenComplete((v, e) -> timer.cancel(false));
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new PluginFailedException(plugin, "not run: the executor rejected it", e));
        }
        return result;
    }

    private static <T> void invoke(Registered plugin, Supplier<? extends CompletionStage<T>> body,
                                   Function<T, String> problem, CompletableFuture<T> result,
                                   AtomicReference<CompletionStage<T>> running) {
        CompletionStage<T> stage;
        try {
            stage = body.get();
        } catch (VirtualMachineError e) {
            result.completeExceptionally(e);
            return;
        } catch (Throwable t) {
            result.completeExceptionally(failure(plugin, t));
            return;
        }
        if (stage == null) {
            result.completeExceptionally(new PluginFailedException(plugin,
                    "returned null instead of a CompletionStage", null));
            return;
        }
        running.set(stage);
        stage.whenComplete((value, error) -> {
            try {
                if (error != null) {
                    Throwable cause = unwrap(error);
                    result.completeExceptionally(cause instanceof VirtualMachineError ? cause : failure(plugin, cause));
                    return;
                }
                String why = problem.apply(value);
                if (why == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(new PluginFailedException(plugin, why, null));
                }
            } catch (VirtualMachineError e) {
                result.completeExceptionally(e);
            } catch (Throwable t) { // e.g. a ClassCastException from a raw-typed plugin's stage
                result.completeExceptionally(failure(plugin, t));
            }
        });
    }

    private <T> void timedOut(Registered plugin, Duration timeout, CompletableFuture<T> result, FutureTask<Void> task,
                              AtomicReference<CompletionStage<T>> running) {
        if (!result.completeExceptionally(new PluginFailedException(plugin, "timed out after " + human(timeout),
                null))) {
            return;
        }
        task.cancel(true);
        CompletionStage<T> stage = running.get();
        if (stage != null) {
            try {
                executor.execute(() -> stage.toCompletableFuture().cancel(true));
            } catch (RuntimeException e) {
                // best effort: a stage that cannot be cancelled, or an executor shutting down
            }
        }
    }

    static PluginFailedException failure(Registered plugin, Throwable t) {
        if (t instanceof PluginFailedException p) {
            return p;
        }
        String reason = t instanceof CompactionException && t.getMessage() != null
                ? t.getMessage()
                : t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return new PluginFailedException(plugin, reason, t);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
