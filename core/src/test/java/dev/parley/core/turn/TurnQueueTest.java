package dev.parley.core.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The turn queue's state machine with a hand-moved clock: coalescing, fencing, expiry, long polls. */
class TurnQueueTest {
    static final String A = "agent:main:telegram:dm:1";
    static final String B = "agent:main:telegram:dm:2";
    final AtomicLong now = new AtomicLong(1_000_000);
    final AtomicInteger locksClosed = new AtomicInteger();

    TurnQueue queue(QueueMode mode) {
        return new TurnQueue(mode, Duration.ofMinutes(5), () -> Instant.ofEpochMilli(now.get()));
    }

    Lease lease(TurnQueue q, String agent, String turnId, long token) {
        Claim c = q.claim(agent).orElseThrow();
        AutoCloseable lock = q.holdsLock(c.sessionKey()) ? null : locksClosed::incrementAndGet;
        return q.grant(c, turnId, token, lock, Map.of("pid", 1L, "turnId", turnId));
    }

    @Test
    void aQueuedMessageIsClaimedOnceWithItsSeq() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        assertThat(q.queue(A, "main", 1)).isTrue();
        assertThat(q.depth()).isEqualTo(1);
        assertThat(q.depth(A)).isEqualTo(1);
        Claim c = q.claim(null).orElseThrow();
        assertThat(c.sessionKey()).isEqualTo(A);
        assertThat(c.messageSeqs()).containsExactly(1L);
        assertThat(q.claim(null)).isEmpty();
        assertThat(q.depth()).isZero();
    }

    @Test
    void messagesQueuedBeforeAClaimCoalesceIntoOneTurn() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        assertThat(q.queue(A, "main", 1)).isTrue();
        assertThat(q.queue(A, "main", 2)).isFalse();
        assertThat(q.claim(null).orElseThrow().messageSeqs()).containsExactly(1L, 2L);
    }

    @Test
    void messagesArrivingDuringASequentialTurnCoalesceIntoTheNextOne() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        Lease l = lease(q, null, "t1", 7);
        q.queue(A, "main", 3);
        q.queue(A, "main", 4);
        assertThat(q.claim(null)).as("no second lease on a leased session").isEmpty();
        assertThat(q.depth(A)).isEqualTo(1);
        TurnQueue.Ended ended = q.end(l.turnId(), 7, false);
        assertThat(ended.nextTurnQueued()).isTrue();
        assertThat(locksClosed).hasValue(1);
        assertThat(q.claim(null).orElseThrow().messageSeqs()).containsExactly(3L, 4L);
    }

    @Test
    void concurrentModeLeasesASessionTwiceSharingOneLockFile() {
        TurnQueue q = queue(QueueMode.CONCURRENT);
        q.queue(A, "main", 1);
        Lease first = lease(q, null, "t1", 7);
        q.queue(A, "main", 2);
        Lease second = lease(q, null, "t2", 8);
        assertThat(second.messageSeqs()).containsExactly(2L);
        q.admit(A, 7L);
        q.admit(A, 8L);
        q.end(first.turnId(), 7, false);
        assertThat(locksClosed).as("the lock stays while a lease runs").hasValue(0);
        q.end(second.turnId(), 8, false);
        assertThat(locksClosed).hasValue(1);
    }

    @Test
    void whileLeasedOnlyTheLeaseTokenMayAppend() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.admit(A, null); // nothing leased: tokenless appends pass
        q.queue(A, "main", 1);
        Lease l = lease(q, null, "t1", 7);
        ParleyException locked = catchThrowableOfType(ParleyException.class, () -> q.admit(A, null));
        assertThat(locked.code()).isEqualTo(ErrorCode.SESSION_LOCKED);
        assertThat(locked.data()).containsKey("holder");
        ParleyException stale = catchThrowableOfType(ParleyException.class, () -> q.admit(A, 6L));
        assertThat(stale.code()).isEqualTo(ErrorCode.CONFLICT);
        q.admit(A, 7L);
        q.end(l.turnId(), 7, false);
        assertThat(catchThrowableOfType(ParleyException.class, () -> q.admit(A, 7L)).code())
                .as("a completed lease's token").isEqualTo(ErrorCode.CONFLICT);
        q.admit(A, null);
    }

    @Test
    void aTokenBearingAppendExtendsTheLease() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        Lease l = lease(q, null, "t1", 7);
        now.addAndGet(Duration.ofMinutes(4).toMillis());
        q.admit(A, 7L);
        now.addAndGet(Duration.ofMinutes(4).toMillis());
        assertThat(q.expire()).isEmpty();
        q.admit(A, 7L);
        assertThat(q.renew(l.turnId(), 7).expiresAt()).isEqualTo(now.get() + Duration.ofMinutes(5).toMillis());
    }

    @Test
    void anExpiredLeaseIsReleasedRejectedAndItsTurnReQueuedOnce() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        Lease l = lease(q, null, "t1", 7);
        now.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(catchThrowableOfType(ParleyException.class, () -> q.admit(A, 7L)).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(catchThrowableOfType(ParleyException.class, () -> q.end(l.turnId(), 7, false)).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(locksClosed).hasValue(1);
        Lease again = lease(q, null, "t2", 8);
        assertThat(again.requeued()).isTrue();
        assertThat(again.messageSeqs()).containsExactly(1L);
        now.addAndGet(Duration.ofMinutes(6).toMillis());
        assertThat(q.expire()).extracting(Lease::turnId).containsExactly("t2");
        assertThat(q.claim(null)).as("re-queued only once").isEmpty();
        assertThat(q.depth()).isZero();
    }

    @Test
    void everyLeaseExpiresOnTimeWhateverEndedOrWasExtendedBeforeIt() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        Lease a = lease(q, null, "t1", 7);
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        q.queue(B, "main", 2);
        Lease b = lease(q, null, "t2", 8);
        q.end(a.turnId(), 7, false); // the earliest expiry is gone
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        q.admit(B, 8L); // extends b to now + 5 min
        now.addAndGet(Duration.ofMinutes(4).toMillis());
        assertThat(q.expire()).as("b was extended").isEmpty();
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(q.expire()).extracting(Lease::turnId).containsExactly(b.turnId());
        assertThat(q.running()).isZero();
    }

    @Test
    void aFailedTurnWithRetryIsQueuedAgainAndWithoutIsDropped() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        Lease l = lease(q, null, "t1", 7);
        assertThat(q.end(l.turnId(), 7, true).nextTurnQueued()).isTrue();
        Lease l2 = lease(q, null, "t2", 8);
        assertThat(l2.messageSeqs()).containsExactly(1L);
        assertThat(q.end(l2.turnId(), 8, false).nextTurnQueued()).isFalse();
        assertThat(q.claim(null)).isEmpty();
    }

    @Test
    void aLongPollIsHandedTheNextTurnOfItsAgent() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        dev.parley.core.turn.Waiter ops = q.await("ops");
        dev.parley.core.turn.Waiter any = q.await(null);
        q.queue(A, "main", 1);
        assertThat(ops.future()).isNotDone();
        assertThat(any.future().join().sessionKey()).isEqualTo(A);
        q.queue("agent:ops:telegram:dm:9", "ops", 4);
        assertThat(ops.future().join().agentId()).isEqualTo("ops");
    }

    @Test
    void aCancelledLongPollGetsNothingAndLeavesTheTurnQueued() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        dev.parley.core.turn.Waiter w = q.await(null);
        assertThat(q.cancel(w)).isTrue();
        q.queue(B, "main", 2);
        assertThat(w.future().join()).isNull();
        assertThat(q.claim(null).orElseThrow().sessionKey()).isEqualTo(B);
    }

    @Test
    void anUnclaimedTurnGoesBackWithItsMessages() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        Claim c = q.claim(null).orElseThrow();
        q.queue(A, "main", 2);
        assertThat(q.claim(null)).as("claimed: not ready").isEmpty();
        q.unclaim(c);
        assertThat(q.claim(null).orElseThrow().messageSeqs()).containsExactly(1L, 2L);
    }

    @Test
    void closingEndsLongPollsAndReleasesLocks() {
        TurnQueue q = queue(QueueMode.SEQUENTIAL);
        q.queue(A, "main", 1);
        lease(q, null, "t1", 7);
        dev.parley.core.turn.Waiter w = q.await(null);
        q.close();
        assertThat(w.future().join()).isNull();
        assertThat(locksClosed).hasValue(1);
        assertThat(q.running()).isZero();
        assertThat(List.of(q.await(null).future().join() == null)).containsExactly(true);
    }
}
