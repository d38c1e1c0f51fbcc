package dev.certmagic.acme;

import java.net.URI;
import java.util.List;
import java.util.Set;

import dev.certmagic.issuance.IssuanceException;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.shredzone.acme4j.exception.AcmeUserActionRequiredException;

/**
 * Sorts acme4j's failures into "try again later" and "stop and fix the configuration", with messages that say
 * what to do. {@code badNonce} rarely gets here: acme4j retries each request and {@link NonceRetry} each call.
 */
final class AcmeErrors {

    private static final String PREFIX = "urn:ietf:params:acme:error:";

    /** Problems that waiting cannot fix. */
    private static final Set<String> PERMANENT = Set.of("unauthorized", "rejectedIdentifier", "caa",
            "externalAccountRequired", "badCSR", "badSignatureAlgorithm", "badPublicKey", "unsupportedIdentifier",
            "invalidContact", "unsupportedContact", "userActionRequired", "invalidProfile", "malformed",
            "badRevocationReason", "alreadyRevoked");

    private AcmeErrors() {
    }

    static IssuanceException translate(String what, AcmeException e) {
        if (e instanceof AcmeRateLimitedException rateLimited) {
            return new IssuanceException(what + ": rate limited by the CA (" + detail(rateLimited.getProblem())
                    + ")", true, rateLimited.getRetryAfter().orElse(null), e);
        }
        if (e instanceof AcmeUserActionRequiredException action) {
            return new IssuanceException(what + ": the CA requires you to act: " + detail(action.getProblem())
                    + action.getTermsOfServiceUri().map(tos -> "; review the terms at " + tos
                    + " and set agreed(true)").orElse(""), false, null, e);
        }
        if (e instanceof AcmeServerException server) {
            String type = problemType(server.getType());
            boolean permanent = PERMANENT.contains(type);
            return new IssuanceException(what + ": the CA answered " + type + " (" + detail(server.getProblem())
                    + ")" + (permanent ? "; this will not succeed without a change of configuration or DNS" : ""),
                    !permanent, server instanceof RetryAfterServerException busy ? busy.retryAfter().orElse(null)
                    : null, e);
        }
        if (e instanceof AcmeNetworkException) {
            // acme4j's own message is only "Network error"; the cause says what happened (timeout, size cap, ...).
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            return new IssuanceException(what + ": the CA could not be reached or did not answer properly ("
                    + reason + ")", true, null, e);
        }
        return new IssuanceException(what + ": " + e.getMessage(), true, null, e);
    }

    static boolean isAlreadyReplaced(AcmeException e) {
        return e instanceof AcmeServerException server && "alreadyReplaced".equals(problemType(server.getType()));
    }

    static boolean isAccountDoesNotExist(AcmeException e) {
        return e instanceof AcmeServerException server && "accountDoesNotExist".equals(problemType(server.getType()));
    }

    static IssuanceException failedValidation(String identifier, String type, Problem problem) {
        String problemType = problem != null ? problemType(problem.getType()) : "unknown";
        boolean permanent = PERMANENT.contains(problemType);
        return new IssuanceException("Validation of " + identifier + " by " + type + " failed: "
                + (problem != null ? detail(problem) : "no reason given"), !permanent, null, null);
    }

    static String problemType(URI type) {
        String s = type != null ? type.toString() : "";
        return s.startsWith(PREFIX) ? s.substring(PREFIX.length()) : s;
    }

    static String detail(Problem problem) {
        if (problem == null) {
            return "no details";
        }
        StringBuilder out = new StringBuilder(problem.getDetail().orElse(problem.getTitle().orElse("no details")));
        List<Problem> subs = problem.getSubProblems();
        for (Problem sub : subs) {
            out.append("; ").append(sub.getIdentifier().map(i -> i.getValue() + ": ").orElse(""))
                    .append(sub.getDetail().orElse(problemType(sub.getType())));
        }
        return out.toString();
    }
}
