package org.popgate.audit.event;

/**
 * Who acted: a staff account (person), its role, the member system (e.g. {@code 431128.police}),
 * the department, and the certificate (fingerprint or serial) it authenticated with. Any may be null.
 */
public record Actor(String person, String role, String member, String department, String certificate) {

    public static Actor person(String person, String role, String department) {
        return new Actor(person, role, null, department, null);
    }

    public static Actor member(String member, String department, String certificate) {
        return new Actor(null, null, member, department, certificate);
    }

    /** The gateway itself (scheduled work, alarms). */
    public static Actor gateway(String member) {
        return new Actor(null, "system", member, null, null);
    }
}
