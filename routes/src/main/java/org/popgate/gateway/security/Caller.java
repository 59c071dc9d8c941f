package org.popgate.gateway.security;

import org.popgate.audit.event.Actor;

/** Who is calling: a person with an account, or a member system authenticated by its TLS certificate. */
public sealed interface Caller permits Caller.Person, Caller.MemberSystem {

    /** The member the caller acts for, or null (population-office staff act for no member). */
    String member();

    /** The caller as an audit actor. */
    Actor actor();

    /** A stable key for per-caller limits. */
    String limitKey();

    /** A person logged in with an account of the gateway. */
    record Person(long accountId, String username, Role role, String member) implements Caller {
        @Override
        public Actor actor() {
            return Actor.person(username, role.name(), member);
        }

        @Override
        public String limitKey() {
            return "account:" + accountId;
        }
    }

    /** A member's system, authenticated by the TLS certificate with {@code certificateSerial} (hex). */
    record MemberSystem(String member, String certificateSerial) implements Caller {
        @Override
        public Actor actor() {
            return Actor.member(member, member, certificateSerial);
        }

        @Override
        public String limitKey() {
            return "member:" + member;
        }
    }
}
