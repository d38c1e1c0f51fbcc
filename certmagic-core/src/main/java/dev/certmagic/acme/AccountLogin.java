package dev.certmagic.acme;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import dev.certmagic.issuance.IssuanceException;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;

/**
 * An issuer's ACME account login, shared by all its orders, and the session it was made on (the one session for
 * the account, renewal information and revocation; orders run on sessions of their own).
 *
 * <p>The login is made once: loaded from storage, or registered with the CA (see {@link AcmeAccounts}, whose
 * storage lock keeps peers from registering twice). No monitor is held while that talks to storage or the CA:
 * the first caller does the work, callers that arrive meanwhile wait for its outcome (interruptibly) and share
 * it, success or failure, so a registration that fails fails them all at once instead of each in turn. A failure
 * is not kept: the next call tries again. The wait ends when the one registration does, and each of its requests
 * is bounded by the {@link AcmeIssuerBuilder#responseTimeout(java.time.Duration) response timeout}.
 */
final class AccountLogin {

    private final AcmeAccounts accounts;
    private final Supplier<Session> sessions;
    private final Object lock = new Object();
    private Session session;
    private Login login;
    private CompletableFuture<Login> pending;

    AccountLogin(AcmeAccounts accounts, Supplier<Session> sessions) {
        this.accounts = accounts;
        this.sessions = sessions;
    }

    /** The account's session, made on first use (no network call). */
    Session session() {
        synchronized (lock) {
            if (session == null) {
                session = sessions.get();
            }
            return session;
        }
    }

    /** The login, made (loaded or registered) by this call or the one already under way. */
    Login current() throws IssuanceException {
        return loginReplacing(null);
    }

    /**
     * A login in place of {@code failed}, which the CA no longer knows: registered again, unless another caller
     * already did.
     */
    Login recreate(Login failed) throws IssuanceException {
        return loginReplacing(failed);
    }

    private Login loginReplacing(Login failed) throws IssuanceException {
        CompletableFuture<Login> flight;
        boolean mine = false;
        Session shared;
        synchronized (lock) {
            if (login != null && login != failed) {
                return login;
            }
            if (pending == null) {
                pending = new CompletableFuture<>();
                mine = true;
            }
            flight = pending;
            shared = session();
        }
        return mine ? make(flight, shared, failed != null) : await(flight);
    }

    private Login make(CompletableFuture<Login> flight, Session shared, boolean again) throws IssuanceException {
        try {
            Login made = again ? accounts.recreate(shared) : accounts.login(shared);
            synchronized (lock) {
                login = made;
                pending = null;
            }
            flight.complete(made);
            return made;
        } catch (IssuanceException e) {
            throw failed(flight, e);
        } catch (IOException e) {
            throw failed(flight, new IssuanceException((again ? "Could not store the ACME account: "
                    : "Could not read the ACME account from storage: ") + e.getMessage(), true, null, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(flight, new IssuanceException("Interrupted while waiting for the ACME account", true, null,
                    e));
        } catch (RuntimeException e) {
            throw failed(flight, e);
        } catch (Error e) {
            throw failed(flight, e);
        }
    }

    private <X extends Throwable> X failed(CompletableFuture<Login> flight, X failure) {
        synchronized (lock) {
            pending = null;
        }
        flight.completeExceptionally(failure);
        return failure;
    }

    private static Login await(CompletableFuture<Login> flight) throws IssuanceException {
        try {
            return flight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IssuanceException("Interrupted while waiting for the ACME account", true, null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IssuanceException failure) {
                // A copy, so the stack trace shows this caller too; the original is its cause.
                throw new IssuanceException(failure.getMessage(), failure.retryable(),
                        failure.retryAfter().orElse(null), failure);
            }
            throw new IssuanceException("Could not make the ACME account: " + cause, true, null, cause);
        }
    }
}
