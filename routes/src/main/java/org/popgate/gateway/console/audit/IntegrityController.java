package org.popgate.gateway.console.audit;

import org.popgate.audit.log.AuditLog;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.console.FormText;
import org.popgate.gateway.security.Callers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log's integrity status page, and the officer's acknowledgement of the integrity alarm (the audit log
 * records who and why, then lets exchanges through again), as on the API.
 */
@Controller
class IntegrityController {

    static final int MAX_REASON = 500;

    private final IntegrityStatus integrity;
    private final AuditLog auditLog;

    IntegrityController(IntegrityStatus integrity, AuditLog auditLog) {
        this.integrity = integrity;
        this.auditLog = auditLog;
    }

    @PostMapping("/console/audit/integrity/acknowledge")
    String acknowledge(@RequestParam(name = "reason", defaultValue = "") String reason) {
        String text = FormText.oneLine(reason, MAX_REASON, true);
        if (!auditLog.alarm().active()) {
            throw new ApiException(ErrorCode.INVALID_STATE);
        }
        auditLog.acknowledgeAlarm(Callers.currentPerson().actor(), text);
        return "redirect:/console/audit/integrity";
    }

    @GetMapping("/console/audit/integrity")
    String integrity(Model model) {
        model.addAttribute("status", integrity.now());
        return "console/audit/integrity";
    }
}
