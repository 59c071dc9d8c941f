package org.popgate.gateway.console.audit;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Activity charts from the audit log. */
@Controller
class ChartsController {

    private final ActivityCharts charts;

    ChartsController(ActivityCharts charts) {
        this.charts = charts;
    }

    @GetMapping("/console/audit/charts")
    String charts(Model model) {
        model.addAttribute("exchanges", charts.exchangesPerDay());
        model.addAttribute("rejections", charts.feedRejectionsPerDay());
        model.addAttribute("overdue", charts.overdueQueriesPerDay());
        return "console/audit/charts";
    }
}
