package org.popgate.adapters.synthetic;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of the synthetic county, in the order the generator emits them (parents before the rows that
 * refer to them). {@link #canonical()} is the row's deterministic text, from which the county checksum is
 * computed; {@code toString()} of rows holding personal data never prints it.
 */
public sealed interface CountyRow {

    /** Deterministic one-line text of the row. */
    String canonical();

    /** An administrative area: province, city, county, township or village. */
    record Area(String code, String name, String level, String parentCode, boolean historic) implements CountyRow {
        @Override
        public String canonical() {
            return join("A", code, name, level, parentCode, historic);
        }
    }

    /** A household (户) registered in a village. */
    record Household(long id, String householdNo, String villageCode, String householdType) implements CountyRow {
        @Override
        public String canonical() {
            return join("H", id, householdNo, villageCode, householdType);
        }
    }

    /** A person with the main data items (主要数据项). */
    record Person(
            long id,
            String idNumber,
            String name,
            String gender,
            LocalDate birthDate,
            long householdId,
            String relationToHead,
            String householdType,
            String registrationArea,
            String residenceArea,
            String managementAttribute,
            LocalDate managementChangedAt,
            String maritalStatus,
            String cancelReason,
            LocalDate cancelledAt,
            Long motherId,
            Long fatherId)
            implements CountyRow {
        @Override
        public String canonical() {
            return join("P", id, idNumber, name, gender, birthDate, householdId, relationToHead, householdType,
                    registrationArea, residenceArea, managementAttribute, managementChangedAt, maritalStatus,
                    cancelReason, cancelledAt, motherId, fatherId);
        }

        @Override
        public String toString() {
            return "Person[id=" + id + "]";
        }
    }

    /** A marriage between two persons of the county. */
    record Marriage(long id, long husbandId, long wifeId, LocalDate marriageDate, String status, LocalDate endedAt)
            implements CountyRow {
        @Override
        public String canonical() {
            return join("M", id, husbandId, wifeId, marriageDate, status, endedAt);
        }
    }

    /** A birth: child, parents, birth medical certificate number (出生医学证明) where one was issued. */
    record Birth(long childId, long motherId, Long fatherId, String birthCertificateNo, int birthOrder)
            implements CountyRow {
        @Override
        public String canonical() {
            return join("B", childId, motherId, fatherId, birthCertificateNo, birthOrder);
        }

        @Override
        public String toString() {
            return "Birth[childId=" + childId + "]";
        }
    }

    /** Fertility details of a married woman of childbearing age (sensitive: health and contraception). */
    record Fertility(
            long womanId,
            int livingSons,
            int livingDaughters,
            LocalDate youngestChildBirthDate,
            String youngestChildGender,
            String policyStatus,
            String contraceptiveMethod,
            LocalDate contraceptionSince,
            int outOfPolicyChildrenSince1990,
            BigDecimal maintenanceFeeAssessed,
            BigDecimal maintenanceFeeCollected)
            implements CountyRow {
        @Override
        public String canonical() {
            return join("F", womanId, livingSons, livingDaughters, youngestChildBirthDate, youngestChildGender,
                    policyStatus, contraceptiveMethod, contraceptionSince, outOfPolicyChildrenSince1990,
                    maintenanceFeeAssessed, maintenanceFeeCollected);
        }

        @Override
        public String toString() {
            return "Fertility[womanId=" + womanId + "]";
        }
    }

    /** Migrant status: out of the county (OUT) or into it (IN), where from, where to, since when. */
    record Migrant(long personId, String direction, String originArea, String destinationArea, LocalDate since,
            boolean validCertificate) implements CountyRow {
        @Override
        public String canonical() {
            return join("G", personId, direction, originArea, destinationArea, since, validCertificate);
        }
    }

    private static String join(Object... fields) {
        StringBuilder sb = new StringBuilder(128);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append('|');
            }
            sb.append(fields[i] == null ? "" : fields[i]);
        }
        return sb.toString();
    }
}
