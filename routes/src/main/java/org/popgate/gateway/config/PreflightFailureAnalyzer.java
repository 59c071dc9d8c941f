package org.popgate.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a {@link PreflightException} as its sentence and action, without a stack trace. */
public class PreflightFailureAnalyzer extends AbstractFailureAnalyzer<PreflightException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PreflightException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
