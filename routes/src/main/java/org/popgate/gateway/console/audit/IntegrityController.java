package org.popgate.gateway.console.audit;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The audit log's integrity status page. */
@Controller
class IntegrityController {

    private final IntegrityStatus integrity;

    IntegrityController(IntegrityStatus integrity) {
        this.integrity = integrity;
    }

    @GetMapping("/console/audit/integrity")
    String integrity(Model model) {
        model.addAttribute("status", integrity.now());
        return "console/audit/integrity";
    }
}
