package dev.certmagic.ondemand;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import dev.certmagic.certificate.ManagedCertificate;

/**
 * The names being decided or obtained right now: one shared order per name (concurrent handshakes for a name join
 * it), and at most {@code max} names at once. Lock-free: a semaphore of slots and a concurrent map.
 */
final class InFlightOrders {

    private final int max;

    private final Semaphore slots;

    private final ConcurrentMap<String, CompletableFuture<ManagedCertificate>> orders = new ConcurrentHashMap<>();

    InFlightOrders(int max) {
        this.max = max;
        this.slots = new Semaphore(max);
    }

    /**
     * Returns the order under way for a name, or starts one with {@code starter} (exactly once per order, on the
     * calling thread); {@code null} when no slot is free.
     */
    CompletableFuture<ManagedCertificate> join(String name, Consumer<CompletableFuture<ManagedCertificate>> starter) {
        CompletableFuture<ManagedCertificate> order = orders.get(name);
        if (order != null) {
            return order;
        }
        if (!slots.tryAcquire()) {
            return null;
        }
        CompletableFuture<ManagedCertificate> mine = new CompletableFuture<>();
        order = orders.putIfAbsent(name, mine);
        if (order != null) {
            slots.release();
            return order;
        }
        starter.accept(mine);
        return mine;
    }

    /** Completes an order and frees its slot; the slot goes last, so a count of zero means fully settled. */
    void finish(String name, CompletableFuture<ManagedCertificate> order, ManagedCertificate certificate) {
        order.complete(certificate);
        orders.remove(name, order);
        slots.release();
    }

    int count() {
        return max - slots.availablePermits();
    }
}
