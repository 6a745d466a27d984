package io.dualaccess.shadow;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 */
final class LingeringQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    static final long MIN_LINGER_MICROS = 1_000;
    static final long MAX_LINGER_MICROS = 10_000;

    private final ArrayBlockingQueue<Runnable> queue;
    private final int wakeAt;
    /** Workers parked in take() or poll(timeout). */
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

    /**
     * @param capacity the most reads that wait
     * @param wakeAt from how many waiting reads an offer wakes a parked worker (1: every offer does)
     */
    LingeringQueue(int capacity, int wakeAt) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = Math.max(1, Math.min(wakeAt, capacity));
    }

    @Override
    public boolean offer(Runnable r) {
        // No waiter ever blocks on the ArrayBlockingQueue itself: its offer signals nobody.
        if (!queue.offer(r)) {
            return false;
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
        long linger = MIN_LINGER_MICROS;
        for (;;) {
            Runnable r = queue.poll();
            if (r != null) {
                return r;
            }
            linger(linger);
            linger = Math.min(linger * 2, MAX_LINGER_MICROS);
        }
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        long linger = MIN_LINGER_MICROS;
        for (;;) {
            Runnable r = queue.poll();
            if (r != null) {
                return r;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            linger(Math.min(linger, TimeUnit.NANOSECONDS.toMicros(left) + 1));
            linger = Math.min(linger * 2, MAX_LINGER_MICROS);
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
