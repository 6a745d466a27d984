package io.dualaccess.shadow;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The shadow workers' queue: a bounded queue whose {@code offer} wakes no thread. Handing a read to
 * a parked worker through an ordinary blocking queue costs the application's thread a futex wake-up
 * (about 3 to 4 µs of its CPU on the 2-core test machines, as much as the read itself); here an
 * idle worker instead looks at the queue again after a linger that starts at
 * {@value #MIN_LINGER_MICROS} µs and doubles while it finds nothing, up to
 * {@value #MAX_LINGER_MICROS} µs, so a replay starts at most that late. A worker that finds work
 * goes back to the shortest linger. Only when {@code wakeAt} reads wait (a burst the lingering
 * workers would fall behind on) does {@code offer} wake a parked worker, so the queue does not fill
 * and drop while they sleep. As the event log's writer does, this trades a few milliseconds of a
 * comparison's latency for the application's CPU.
 *
 * <p>A worker that has found nothing for {@link #SLEEP_AFTER} (no read compared that long) stops
 * lingering and parks until a hand-off wakes it: an idle runtime's workers cost no wake-ups (before,
 * each woke about 100 times a second until its keep-alive ended it), and the first read after such a
 * pause pays one wake-up on the application's thread.
 */
final class LingeringQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    static final long MIN_LINGER_MICROS = 1_000;
    static final long MAX_LINGER_MICROS = 10_000;
    /** How long a worker lingers without finding work before it sleeps until woken. */
    static final Duration SLEEP_AFTER = Duration.ofSeconds(1);

    private final ArrayBlockingQueue<Runnable> queue;
    private final int wakeAt;
    private final long sleepAfterNanos;
    /** Workers parked in take() or poll(timeout). */
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    /** Workers asleep until an offer wakes them, and how many (read by every offer: one volatile read). */
    private final Set<Thread> sleeping = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sleepers = new AtomicInteger();

    /**
     * @param capacity the most reads that wait
     * @param wakeAt from how many waiting reads an offer wakes a parked worker (1: every offer does)
     */
    LingeringQueue(int capacity, int wakeAt) {
        this(capacity, wakeAt, SLEEP_AFTER);
    }

    /** As above, a worker sleeping until woken after {@code sleepAfter} without work. */
    LingeringQueue(int capacity, int wakeAt, Duration sleepAfter) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = Math.max(1, Math.min(wakeAt, capacity));
        this.sleepAfterNanos = sleepAfter.toNanos();
    }

    /** Workers asleep until a hand-off wakes them. */
    int sleepers() {
        return sleepers.get();
    }

    @Override
    public boolean offer(Runnable r) {
        // No waiter ever blocks on the ArrayBlockingQueue itself: its offer signals nobody.
        if (!queue.offer(r)) {
            return false;
        }
        if (sleepers.get() > 0) {
            // A worker sleeps until woken (idle for a while): wake one; it lingers again from then on.
            Iterator<Thread> it = sleeping.iterator();
            if (it.hasNext()) {
                LockSupport.unpark(it.next());
            }
        }
        if (queue.size() >= wakeAt && !parked.isEmpty()) {
            Iterator<Thread> it = parked.iterator();
            if (it.hasNext()) {
                LockSupport.unpark(it.next());
            }
        }
        return true;
    }

    @Override
    public boolean offer(Runnable r, long timeout, TimeUnit unit) {
        return offer(r);
    }

    @Override
    public void put(Runnable r) throws InterruptedException {
        while (!offer(r)) {
            linger(MIN_LINGER_MICROS);
        }
    }

    @Override
    public Runnable take() throws InterruptedException {
        return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long now = System.nanoTime();
        long nanos = unit.toNanos(timeout);
        // Long.MAX_VALUE: no deadline (take).
        long deadline = nanos >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : now + nanos;
        long idleSince = now;
        long linger = MIN_LINGER_MICROS;
        for (;;) {
            Runnable r = queue.poll();
            if (r != null) {
                return r;
            }
            now = System.nanoTime();
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
            if (left <= 0) {
                return null;
            }
            if (now - idleSince >= sleepAfterNanos) {
                sleep(left);
                // Woken by a hand-off (or the deadline, or spuriously): linger short again.
                idleSince = System.nanoTime();
                linger = MIN_LINGER_MICROS;
                continue;
            }
            linger(Math.min(linger, TimeUnit.NANOSECONDS.toMicros(left) + 1));
            linger = Math.min(linger * 2, MAX_LINGER_MICROS);
        }
    }

    /** Parks until an offer wakes this worker, or for {@code nanos} (Long.MAX_VALUE: until woken). */
    private void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread self = Thread.currentThread();
        sleeping.add(self);
        sleepers.incrementAndGet();
        try {
            // An offer between the count and the park finds the count (and wakes this thread), or is seen here.
            if (queue.isEmpty()) {
                if (nanos == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, nanos);
                }
            }
        } finally {
            sleepers.decrementAndGet();
            sleeping.remove(self);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private void linger(long micros) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread self = Thread.currentThread();
        parked.add(self);
        try {
            // A wake-up may come between the add and the park: then the park returns at once.
            if (queue.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(micros));
            }
        } finally {
            parked.remove(self);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    @Override
    public Runnable poll() {
        return queue.poll();
    }

    @Override
    public Runnable peek() {
        return queue.peek();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public boolean remove(Object o) {
        return queue.remove(o);
    }

    @Override
    public Iterator<Runnable> iterator() {
        return queue.iterator();
    }

    @Override
    public Object[] toArray() {
        return queue.toArray();
    }

    @Override
    public <T> T[] toArray(T[] a) {
        return queue.toArray(a);
    }

    @Override
    public int drainTo(Collection<? super Runnable> c) {
        return queue.drainTo(c);
    }

    @Override
    public int drainTo(Collection<? super Runnable> c, int maxElements) {
        return queue.drainTo(c, maxElements);
    }
}
