package org.popgate.gateway.console.audit;

import java.util.Arrays;
import java.util.List;
import org.popgate.audit.event.EventType;
import org.popgate.gateway.security.Callers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/** Audit search: by time, actor, member, department, event type, approval id and exchange id. */
@Controller
class AuditEventsController {

    private final AuditConsultation consultation;

    AuditEventsController(AuditConsultation consultation) {
        this.consultation = consultation;
    }

    @ModelAttribute("types")
    List<String> types() {
        return Arrays.stream(EventType.values()).map(EventType::code).toList();
    }

    @GetMapping("/console/audit/events")
    String form(Model model) {
        model.addAttribute("form", new SearchForm());
        return "console/audit/events";
    }

    @PostMapping("/console/audit/events")
    String search(@ModelAttribute("form") SearchForm form, BindingResult binding, Model model) {
        if (binding.hasErrors()) {
            model.addAttribute("invalid", true);
            return "console/audit/events";
        }
        List<EventRow> rows = consultation.search(form, Callers.currentPerson());
        model.addAttribute("rows", rows);
        model.addAttribute("next", rows.size() == SearchForm.PAGE ? rows.get(rows.size() - 1).seq() : null);
        return "console/audit/events";
    }
}
