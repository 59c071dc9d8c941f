package org.popgate.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Callers;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page knows (who is logged in, the page's own path for the language links) and how a refused
 * action looks in a browser: an error page with the API's stable code, never the exception's message.
 */
@ControllerAdvice(basePackages = "org.popgate.gateway.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePages {

    @ModelAttribute("me")
    Caller.Person me() {
        return Callers.of(SecurityContextHolder.getContext().getAuthentication()) instanceof Caller.Person p ? p : null;
    }

    @ModelAttribute("utc")
    ConsoleTime utc() {
        return ConsoleTime.UTC;
    }

    @ModelAttribute("path")
    String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @ExceptionHandler(ApiException.class)
    String refused(ApiException e, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        response.setStatus(e.code().status().value());
        model.addAttribute("me", me());
        model.addAttribute("path", path(request));
        model.addAttribute("code", e.code().code());
        return "console/error";
    }
}
