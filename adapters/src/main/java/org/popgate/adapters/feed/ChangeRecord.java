package org.popgate.adapters.feed;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * A change reported by a department, in canonical form: ID numbers already normalised and valid, dates
 * parsed. Every kind has a business key; {@code toString()} prints the kind and a key fingerprint only,
 * never names, ID numbers or dates.
 */
public sealed interface ChangeRecord {

    BusinessKey key();

    ChangeKind kind();

    /** The date the change took effect (birth, death, move, registration, vaccination, enrolment). */
    LocalDate effectiveOn();

    /** The person the change is about, or {@code null} when they have no ID number yet (a newborn's certificate). */
    IdNumber subject();

    /** Every person the record names by ID number (subject first). */
    default List<IdNumber> persons() {
        return subject() == null ? List.of() : List.of(subject());
    }

    /** 出生登记: a child registered in the household register. */
    record BirthRegistration(BusinessKey key, IdNumber child, String name, Gender gender, LocalDate birthDate,
            String areaCode, IdNumber mother, IdNumber father, String birthCertificateNo, LocalDate registeredOn)
            implements ChangeRecord {
        public BirthRegistration {
            require(key, child, name, gender, birthDate, areaCode, mother, registeredOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.BIRTH_REGISTRATION; }
        @Override public LocalDate effectiveOn() { return birthDate; }
        @Override public IdNumber subject() { return child; }
        @Override public List<IdNumber> persons() { return list(child, mother, father); }
        @Override public String toString() { return describe(this); }
    }

    /** 死亡注销: a record cancelled by the police because the person died. */
    record DeathCancellation(BusinessKey key, IdNumber person, String name, LocalDate dateOfDeath, String areaCode,
            LocalDate cancelledOn) implements ChangeRecord {
        public DeathCancellation {
            require(key, person, name, dateOfDeath, areaCode, cancelledOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.DEATH_CANCELLATION; }
        @Override public LocalDate effectiveOn() { return dateOfDeath; }
        @Override public IdNumber subject() { return person; }
        @Override public String toString() { return describe(this); }
    }

    /** 迁入: registration moved into the county ({@code areaCode}) from {@code fromArea}. */
    record MoveIn(BusinessKey key, IdNumber person, String name, Gender gender, LocalDate birthDate, String areaCode,
            String fromArea, LocalDate movedOn) implements ChangeRecord {
        public MoveIn {
            require(key, person, name, gender, birthDate, areaCode, fromArea, movedOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.MOVE_IN; }
        @Override public LocalDate effectiveOn() { return movedOn; }
        @Override public IdNumber subject() { return person; }
        @Override public String toString() { return describe(this); }
    }

    /** 迁出: registration moved out of {@code areaCode} to {@code toArea}. */
    record MoveOut(BusinessKey key, IdNumber person, String name, String areaCode, String toArea, LocalDate movedOn)
            implements ChangeRecord {
        public MoveOut {
            require(key, person, name, areaCode, toArea, movedOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.MOVE_OUT; }
        @Override public LocalDate effectiveOn() { return movedOn; }
        @Override public IdNumber subject() { return person; }
        @Override public String toString() { return describe(this); }
    }

    /** 签发身份证: an ID card issued (also how a 15-digit legacy number becomes an 18-digit one). */
    record IdIssued(BusinessKey key, IdNumber person, String name, String areaCode, LocalDate issuedOn)
            implements ChangeRecord {
        public IdIssued {
            require(key, person, name, areaCode, issuedOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.ID_ISSUED; }
        @Override public LocalDate effectiveOn() { return issuedOn; }
        @Override public IdNumber subject() { return person; }
        @Override public String toString() { return describe(this); }
    }

    /** 变更姓名: a registered name changed. */
    record NameChange(BusinessKey key, IdNumber person, String oldName, String newName, String areaCode,
            LocalDate changedOn) implements ChangeRecord {
        public NameChange {
            require(key, person, oldName, newName, areaCode, changedOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.NAME_CHANGE; }
        @Override public LocalDate effectiveOn() { return changedOn; }
        @Override public IdNumber subject() { return person; }
        @Override public String toString() { return describe(this); }
    }

    /** 结婚登记 by civil affairs. */
    record Marriage(BusinessKey key, IdNumber husband, String husbandName, IdNumber wife, String wifeName,
            LocalDate marriageDate, String officeArea, String certificateNo) implements ChangeRecord {
        public Marriage {
            require(key, husband, husbandName, wife, wifeName, marriageDate, officeArea, certificateNo);
        }

        @Override public ChangeKind kind() { return ChangeKind.MARRIAGE; }
        @Override public LocalDate effectiveOn() { return marriageDate; }
        @Override public IdNumber subject() { return wife; }
        @Override public List<IdNumber> persons() { return list(wife, husband, null); }
        @Override public String toString() { return describe(this); }
    }

    /** 离婚登记 by civil affairs. */
    record Divorce(BusinessKey key, IdNumber husband, String husbandName, IdNumber wife, String wifeName,
            LocalDate divorceDate, String officeArea, String certificateNo) implements ChangeRecord {
        public Divorce {
            require(key, husband, husbandName, wife, wifeName, divorceDate, officeArea, certificateNo);
        }

        @Override public ChangeKind kind() { return ChangeKind.DIVORCE; }
        @Override public LocalDate effectiveOn() { return divorceDate; }
        @Override public IdNumber subject() { return wife; }
        @Override public List<IdNumber> persons() { return list(wife, husband, null); }
        @Override public String toString() { return describe(this); }
    }

    /** 死亡（火化）: a death recorded by civil affairs through the cremation record. */
    record Cremation(BusinessKey key, IdNumber person, String name, LocalDate dateOfDeath, LocalDate cremationDate,
            String areaCode, String certificateNo) implements ChangeRecord {
        public Cremation {
            require(key, person, name, dateOfDeath, cremationDate, areaCode, certificateNo);
        }

        @Override public ChangeKind kind() { return ChangeKind.CREMATION; }
        @Override public LocalDate effectiveOn() { return dateOfDeath; }
        @Override public IdNumber subject() { return person; }
        @Override public String toString() { return describe(this); }
    }

    /** 出生医学证明 issued by a hospital; the child has no ID number yet. */
    record BirthMedicalCertificate(BusinessKey key, String certificateNo, String childName, Gender childGender,
            LocalDate birthDate, IdNumber mother, String motherName, IdNumber father, String birthPlaceArea,
            LocalDate issuedOn) implements ChangeRecord {
        public BirthMedicalCertificate {
            require(key, certificateNo, childName, childGender, birthDate, mother, motherName, birthPlaceArea, issuedOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.BIRTH_MEDICAL_CERTIFICATE; }
        @Override public LocalDate effectiveOn() { return birthDate; }
        @Override public IdNumber subject() { return null; }
        @Override public List<IdNumber> persons() { return list(mother, father, null); }
        @Override public String toString() { return describe(this); }
    }

    /**
     * A vaccination (预防接种) of a child, named by ID number or, for infants without one, by birth
     * certificate number; {@code cardCreatedOn} is when the child's vaccination card was opened.
     */
    record Vaccination(BusinessKey key, IdNumber child, String birthCertificateNo, LocalDate childBirthDate,
            String vaccineCode, int dose, LocalDate vaccinatedOn, LocalDate cardCreatedOn, String clinicArea)
            implements ChangeRecord {
        public Vaccination {
            require(key, childBirthDate, vaccineCode, vaccinatedOn, cardCreatedOn, clinicArea);
            if (child == null && birthCertificateNo == null) {
                throw new IllegalArgumentException("a vaccination names the child by ID or birth certificate number");
            }
        }

        @Override public ChangeKind kind() { return ChangeKind.VACCINATION; }
        @Override public LocalDate effectiveOn() { return vaccinatedOn; }
        @Override public IdNumber subject() { return child; }
        @Override public String toString() { return describe(this); }
    }

    /** One pupil on a school's roster for a term (学籍). */
    record StudentRosterEntry(BusinessKey key, String schoolCode, String term, String studentNo, IdNumber student,
            String name, Gender gender, LocalDate birthDate, int grade, String areaCode, LocalDate enrolledOn)
            implements ChangeRecord {
        public StudentRosterEntry {
            require(key, schoolCode, term, studentNo, student, name, gender, birthDate, areaCode, enrolledOn);
        }

        @Override public ChangeKind kind() { return ChangeKind.STUDENT_ROSTER_ENTRY; }
        @Override public LocalDate effectiveOn() { return enrolledOn; }
        @Override public IdNumber subject() { return student; }
        @Override public String toString() { return describe(this); }
    }

    private static void require(Object... values) {
        for (Object v : values) {
            Objects.requireNonNull(v, "a required item is missing");
        }
    }

    private static List<IdNumber> list(IdNumber a, IdNumber b, IdNumber c) {
        List<IdNumber> out = new ArrayList<>(3);
        for (IdNumber id : new IdNumber[] {a, b, c}) {
            if (id != null) {
                out.add(id);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static String describe(ChangeRecord r) {
        return r.kind().code() + "[key=" + r.key() + "]";
    }
}
