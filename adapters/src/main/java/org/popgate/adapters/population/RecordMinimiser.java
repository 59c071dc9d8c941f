package org.popgate.adapters.population;

import java.util.EnumMap;
import java.util.Map;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.pseudonym.Generalise;
import org.popgate.crypto.pseudonym.IdDomain;
import org.popgate.crypto.pseudonym.Pseudonymiser;
import org.popgate.crypto.pseudonym.TokenDomain;

/**
 * Turns a person record into one JSON line carrying exactly the approved fields, each transformed by its
 * rule, pseudonymised in the recipient's own domain (the same person gets another pseudonym in every
 * department). A record whose ID number fails validation cannot be pseudonymised safely and is withheld
 * ({@link #toJsonLine} returns null): it belongs in the quality report, not in a package.
 */
public final class RecordMinimiser {

    private final Map<PullField, FieldRule> rules;
    private final IdDomain idDomain;
    private final TokenDomain nameTokens;
    private final IdNumbers idNumbers = IdNumbers.withShippedAreas();
    private final boolean pseudonymisesIds;

    /** {@code rules} in the order the fields appear in each record. */
    public RecordMinimiser(Map<PullField, FieldRule> rules, Pseudonymiser pseudonymiser, String recipient) {
        this.rules = new EnumMap<>(rules);
        this.idDomain = pseudonymiser.idNumbers(recipient);
        this.nameTokens = pseudonymiser.tokens(recipient, "name");
        this.pseudonymisesIds = this.rules.get(PullField.ID_NUMBER) instanceof FieldRule.Pseudonymised;
    }

    /** The pseudonym key version every pseudonym of this minimiser carries (goes into the manifest). */
    public int keyVersion() {
        return idDomain.keyVersion();
    }

    /** The approved projection of {@code person} as a JSON object, or null when it must be withheld. */
    public String toJsonLine(PersonRecord person) {
        Utf8Line line = new Utf8Line();
        return writeJsonLine(person, line) ? line.toString() : null;
    }

    /**
     * Writes the approved projection of {@code person} as a JSON object into {@code line} (cleared first), in UTF-8
     * bytes for the package writer; false, leaving {@code line} empty, when the record must be withheld.
     */
    public boolean writeJsonLine(PersonRecord person, Utf8Line line) {
        line.clear();
        if (pseudonymisesIds && !(idNumbers.check(person.idNumber()) instanceof IdCheck.Valid)) {
            return false;
        }
        line.append('{');
        boolean first = true;
        for (Map.Entry<PullField, FieldRule> e : rules.entrySet()) {
            String value = value(person, e.getKey(), e.getValue());
            if (!first) {
                line.append(',');
            }
            first = false;
            line.append('"').append(e.getKey().jsonName()).append('"').append(':');
            if (value == null) {
                line.append("null");
            } else {
                line.appendJsonString(value);
            }
        }
        line.append('}');
        return true;
    }

    private String value(PersonRecord p, PullField field, FieldRule rule) {
        switch (field) {
            case ID_NUMBER -> {
                return rule instanceof FieldRule.Pseudonymised ? idDomain.pseudonymise(p.idNumber()).value() : p.idNumber();
            }
            case NAME -> {
                return rule instanceof FieldRule.Pseudonymised ? nameTokens.token(p.name()).value() : p.name();
            }
            case GENDER -> {
                return p.gender();
            }
            case BIRTH_DATE -> {
                return rule instanceof FieldRule.GeneralisedDate g
                        ? Generalise.birthDate(p.birthDate(), g.precision()) : p.birthDate().toString();
            }
            case HOUSEHOLD_TYPE -> {
                return p.householdType();
            }
            case REGISTRATION_AREA -> {
                return area(p.registrationArea(), rule);
            }
            case RESIDENCE_AREA -> {
                return area(p.residenceArea(), rule);
            }
            case MANAGEMENT_ATTRIBUTE -> {
                return p.managementAttribute();
            }
            case MARITAL_STATUS -> {
                return p.maritalStatus();
            }
            case CANCELLATION -> {
                return p.cancelReason() == null ? null : p.cancelReason() + " " + p.cancelledAt();
            }
            default -> throw new IllegalStateException("unhandled field " + field);
        }
    }

    /** An area already coarser than the level (an in-migrant's 6-digit county of origin) stays as it is. */
    private static String area(String code, FieldRule rule) {
        if (rule instanceof FieldRule.GeneralisedArea g && code != null && code.length() > g.level().digits()) {
            return Generalise.area(code, g.level());
        }
        return code;
    }
}
