package org.popgate.gateway.pulls;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.popgate.adapters.population.PersonSelection;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;

/**
 * The population filter of a pull as the requester states it: an area (county, township or village code), an age
 * range in whole years, gender, management attribute, marital status. Validated when filed; turned into a
 * {@link PersonSelection} on the day it runs (ages count from that day).
 */
record PullSelection(String area, Integer ageFrom, Integer ageTo, String gender, String managementAttribute,
        String maritalStatus) {

    private static final Set<String> GENDERS = Set.of("M", "F");
    private static final Set<String> MANAGEMENT = Set.of("RESIDENT", "OUT_MIGRANT", "IN_MIGRANT");
    private static final Set<String> MARITAL = Set.of("UNMARRIED", "MARRIED", "DIVORCED", "WIDOWED");

    /** Refuses a malformed filter with {@code invalid_selection}, naming the criterion (never echoing the value). */
    PullSelection {
        if (area != null && !area.matches("[0-9]{2,12}")) {
            throw invalid("area is a county, township or village code of 2 to 12 digits");
        }
        if (ageFrom != null && (ageFrom < 0 || ageFrom > 150) || ageTo != null && (ageTo < 0 || ageTo > 150)) {
            throw invalid("ages are whole years from 0 to 150");
        }
        if (ageFrom != null && ageTo != null && ageFrom > ageTo) {
            throw invalid("ageFrom must not be greater than ageTo");
        }
        if (gender != null && !GENDERS.contains(gender)) {
            throw invalid("gender is M or F");
        }
        if (managementAttribute != null && !MANAGEMENT.contains(managementAttribute)) {
            throw invalid("managementAttribute is one of " + MANAGEMENT);
        }
        if (maritalStatus != null && !MARITAL.contains(maritalStatus)) {
            throw invalid("maritalStatus is one of " + MARITAL);
        }
    }

    static PullSelection none() {
        return new PullSelection(null, null, null, null, null, null);
    }

    /** The persons this filter selects on {@code today}. */
    PersonSelection on(LocalDate today) {
        LocalDate bornTo = ageFrom == null ? null : today.minusYears(ageFrom);
        LocalDate bornFrom = ageTo == null ? null : today.minusYears(ageTo + 1L).plusDays(1);
        return new PersonSelection(area, bornFrom, bornTo, gender, managementAttribute, maritalStatus, false);
    }

    /** The filter as a small flat JSON object for the pull's row (no personal data in it). */
    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("area", area);
        m.put("ageFrom", ageFrom);
        m.put("ageTo", ageTo);
        m.put("gender", gender);
        m.put("managementAttribute", managementAttribute);
        m.put("maritalStatus", maritalStatus);
        StringBuilder json = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (v != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":");
                json.append(v instanceof Integer ? v.toString() : "\"" + v + "\"");
            }
        });
        return json.append('}').toString();
    }

    /** Reads what {@link #toJson()} wrote. */
    static PullSelection fromJson(String json) {
        Map<String, Object> m = org.popgate.crypto.json.FlatJson.parse(json);
        return new PullSelection((String) m.get("area"), integer(m.get("ageFrom")), integer(m.get("ageTo")),
                (String) m.get("gender"), (String) m.get("managementAttribute"), (String) m.get("maritalStatus"));
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static ApiException invalid(String why) {
        return new ApiException(ErrorCode.INVALID_SELECTION, "The selection is malformed: " + why + ".");
    }
}
