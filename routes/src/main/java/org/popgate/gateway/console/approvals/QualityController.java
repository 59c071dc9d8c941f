package org.popgate.gateway.console.approvals;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The quality trend per township, for the population office's approvers (who read the feeds' quality API too). */
@Controller
class QualityController {

    private final QualityTrends trends;

    QualityController(QualityTrends trends) {
        this.trends = trends;
    }

    @GetMapping("/console/approvals/quality")
    String quality(Model model) {
        model.addAttribute("townships", trends.townships());
        return "console/approvals/quality";
    }
}
