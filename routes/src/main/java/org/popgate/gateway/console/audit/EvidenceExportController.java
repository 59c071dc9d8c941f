package org.popgate.gateway.console.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Evidence export: the chosen events as a download that {@code popgate-verify} checks offline. */
@Controller
class EvidenceExportController {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final AuditConsultation consultation;

    EvidenceExportController(AuditConsultation consultation) {
        this.consultation = consultation;
    }

    @PostMapping("/console/audit/export")
    void export(@RequestParam(name = "seq", defaultValue = "") List<Long> seqs, HttpServletResponse response)
            throws IOException {
        AuditConsultation.requireExportable(seqs);
        String name = "popgate-audit-export-" + STAMP.format(Instant.now()) + ".txt";
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.setHeader("X-Audit-Certificate-SHA256", consultation.certificateFingerprint());
        Writer out = response.getWriter();
        consultation.export(seqs, Callers.currentPerson(), out);
        out.flush();
    }
}
