package org.popgate.gateway.console.approvals;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Callers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The approver's pages: pending pulls, one pull with the catalogue's verdicts and the decision forms, the standing
 * approvals. Pull ids (random UUIDs) are the only thing in a URL. A refusal by the pulls service (requester ≠
 * approver, the second approver, an expired request, bad input) comes back to the pull's page with its stable code.
 */
@Controller
class ApprovalsController {

    /** A pull id as the service makes them; nothing else goes back into a redirect. */
    private static final Pattern PULL_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final PullDesk desk;

    ApprovalsController(PullDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/console/approvals")
    String pending(Model model) {
        model.addAttribute("pulls", desk.pending());
        return "console/approvals/pending";
    }

    @GetMapping("/console/approvals/standing")
    String standing(Model model) {
        model.addAttribute("standing", desk.standing(Callers.currentPerson()));
        return "console/approvals/standing";
    }

    @GetMapping("/console/approvals/{pull}")
    String pull(@PathVariable String pull, Model model) {
        model.addAttribute("entry", desk.get(pull, Callers.currentPerson()));
        return "console/approvals/pull";
    }

    @PostMapping("/console/approvals/{pull}/approve")
    String approve(@PathVariable String pull, @RequestParam(name = "fields", required = false) List<String> fields,
            @RequestParam(name = "ceiling", defaultValue = "") String ceiling,
            @RequestParam(name = "lookupsPerDay", defaultValue = "") String lookupsPerDay, RedirectAttributes redirect) {
        Caller.Person approver = Callers.currentPerson();
        return decide(pull, "approved", redirect, () -> desk.approve(pull, fields, ceiling, lookupsPerDay, approver));
    }

    @PostMapping("/console/approvals/{pull}/reject")
    String reject(@PathVariable String pull, @RequestParam(name = "reason", defaultValue = "") String reason,
            RedirectAttributes redirect) {
        Caller.Person approver = Callers.currentPerson();
        return decide(pull, "rejected", redirect, () -> desk.reject(pull, reason, approver));
    }

    @PostMapping("/console/approvals/{pull}/revoke")
    String revoke(@PathVariable String pull, @RequestParam(name = "reason", defaultValue = "") String reason,
            RedirectAttributes redirect) {
        Caller.Person approver = Callers.currentPerson();
        return decide(pull, "revoked", redirect, () -> desk.revoke(pull, reason, approver));
    }

    /** Runs a decision; shows the pull afterwards, with what happened or the service's refusal code. */
    private static String decide(String pull, String done, RedirectAttributes redirect, Supplier<?> decision) {
        if (!PULL_ID.matcher(pull).matches()) {
            throw new ApiException(ErrorCode.NOT_FOUND);
        }
        try {
            decision.get();
            redirect.addFlashAttribute("done", done);
        } catch (ApiException e) {
            redirect.addFlashAttribute("refused", e.code().code());
        }
        return "redirect:/console/approvals/" + pull;
    }
}
