package org.popgate.gateway.console.alerts;

import org.popgate.gateway.alerts.AlertDesk;
import org.popgate.gateway.console.FormText;
import org.popgate.gateway.security.Callers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The alert desk: list, open, acknowledge (with an optional comment) and comment; each action then shows the alert.
 * Comments are stored as one line (a text box's line breaks become spaces).
 */
@Controller
class AlertDeskController {

    static final int MAX_COMMENT = 500;

    private final AlertDesk desk;

    AlertDeskController(AlertDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/console/alerts")
    String list(@RequestParam(name = "status", required = false) String status, Model model) {
        String filter = "OPEN".equals(status) || "ACKNOWLEDGED".equals(status) ? status : null;
        model.addAttribute("status", filter);
        model.addAttribute("alerts", desk.list(filter));
        return "console/alerts/list";
    }

    @GetMapping("/console/alerts/{alert}")
    String alert(@PathVariable long alert, Model model) {
        model.addAttribute("alert", desk.get(alert));
        model.addAttribute("comments", desk.comments(alert));
        return "console/alerts/detail";
    }

    @PostMapping("/console/alerts/{alert}/acknowledge")
    String acknowledge(@PathVariable long alert, @RequestParam(name = "comment", defaultValue = "") String comment) {
        String text = FormText.oneLine(comment, MAX_COMMENT, false);
        desk.acknowledge(alert, text.isEmpty() ? null : text, Callers.currentPerson());
        return "redirect:/console/alerts/" + alert;
    }

    @PostMapping("/console/alerts/{alert}/comments")
    String comment(@PathVariable long alert, @RequestParam(name = "comment", defaultValue = "") String comment) {
        String text = FormText.oneLine(comment, MAX_COMMENT, true);
        desk.comment(alert, text, Callers.currentPerson());
        return "redirect:/console/alerts/" + alert;
    }
}
