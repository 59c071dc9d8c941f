package org.popgate.gateway.security;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who the gateway thinks the caller is: a person (account, role, member) or a member system. */
@RestController
class MeController {

    @GetMapping("/api/v1/me")
    Me me() {
        Caller caller = Callers.current();
        if (caller instanceof Caller.Person p) {
            return new Me("person", p.username(), p.role().name(), p.member());
        }
        return new Me("member", null, null, caller.member());
    }

    record Me(String kind, String username, String role, String member) {}
}
