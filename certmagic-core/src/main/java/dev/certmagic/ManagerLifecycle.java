package dev.certmagic;

/**
 * The one lifecycle state of a manager (started, closed), shared by the manager and the parts that must stop
 * scheduling work once it closes. Replaces the {@code () -> closed} suppliers the parts used to receive.
 */
final class ManagerLifecycle {

    private final Object lock = new Object();
    private volatile boolean started;
    private volatile boolean closed;

    /** Whether {@link #close()} ran: no new background work may be scheduled then. */
    boolean isClosed() {
        return closed;
    }

    /** Whether {@link #start(Runnable)} ran and {@link #close()} did not. */
    boolean isRunning() {
        return started && !closed;
    }

    /** Throws when the manager is closed. */
    void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The certificate manager is closed");
        }
    }

    /** Runs {@code starter} the first time only; fails once closed. */
    void start(Runnable starter) {
        synchronized (lock) {
            requireOpen();
            if (!started) {
                starter.run();
                started = true;
            }
        }
    }

    /**
     * Marks the manager closed.
     *
     * @return {@code true} for the call that closed it, {@code false} when it was closed already
     */
    boolean close() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }
}
