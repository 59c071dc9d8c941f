package org.popgate.gateway.console.audit;

import org.popgate.gateway.security.Callers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Who accessed this person": the ID number arrives in a POST body and is never put back into the page, a URL,
 * a title or a log; the page shows only a short reference to its keyed hash.
 */
@Controller
class SubjectLookupController {

    private final AuditConsultation consultation;

    SubjectLookupController(AuditConsultation consultation) {
        this.consultation = consultation;
    }

    @GetMapping("/console/audit/subject")
    String form() {
        return "console/audit/subject";
    }

    @PostMapping("/console/audit/subject")
    String lookUp(@RequestParam(name = "idNumber", defaultValue = "") String idNumber, Model model) {
        model.addAttribute("lookup", consultation.lookUp(idNumber, Callers.currentPerson()));
        model.addAttribute("fingerprint", consultation.certificateFingerprint());
        return "console/audit/subject";
    }
}
