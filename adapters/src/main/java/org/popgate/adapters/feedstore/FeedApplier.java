package org.popgate.adapters.feedstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.popgate.adapters.feed.BusinessKey;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.Claim;
import org.popgate.adapters.feed.Conflict;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.DataItem;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.Precedence;
import org.popgate.adapters.feed.Reason;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * Writes accepted changes into the population database on the feed's connection (one transaction per
 * file or message batch, committed by the caller). The business key goes into {@code feed_processed_key}
 * in the same transaction as the effect, so a re-delivered change has no second effect. Data items two
 * departments can disagree about go through {@link Precedence}; every disagreement is kept as a conflict.
 */
final class FeedApplier {

    /** What became of one accepted record. */
    sealed interface Result {
        record Applied() implements Result {}
        /** Its business key was applied before (a re-delivery): no second effect. */
        record Skipped() implements Result {}
        /** The database cannot take it (e.g. a spouse it does not know); kept as a reject. */
        record Refused(Reason reason) implements Result {}
    }

    static final Result APPLIED = new Result.Applied();
    static final Result SKIPPED = new Result.Skipped();

    private final Connection c;
    private final PersonRecordCodec codec;
    private final String exchangeId;
    private final Timestamp now;
    private final List<Conflict> conflicts = new ArrayList<>();
    private final boolean postgres;
    private final java.util.Map<String, Boolean> countyAreas = new java.util.HashMap<>();

    FeedApplier(Connection c, PersonRecordCodec codec, String exchangeId, Instant now) throws SQLException {
        this.c = c;
        this.codec = codec;
        this.exchangeId = exchangeId;
        this.now = Timestamp.from(now);
        this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }

    List<Conflict> conflicts() {
        return conflicts;
    }

    /**
     * Whether a change with this business key was applied by an earlier delivery. (A key repeated within one
     * delivery is the validator's: a duplicate key, rejected with its reason.)
     */
    boolean appliedBefore(BusinessKey key) {
        try {
            PreparedStatement ps = prepared("SELECT 1 FROM feed_processed_key WHERE counterpart = ? AND business_key = ?"
                    + " AND exchange_id <> ?");
            ps.setString(1, key.source().name());
            ps.setString(2, key.value());
            ps.setString(3, exchangeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new org.popgate.adapters.population.PopulationStoreException("processed-key lookup failed", e);
        }
    }

    Result apply(ChangeRecord record) throws SQLException {
        BusinessKey key = record.key();
        if (appliedBefore(key)) {
            return SKIPPED;
        }

        Result result = effect(record);
        if (result == APPLIED) {
            { PreparedStatement ps = prepared("INSERT INTO feed_processed_key"
                    + " (counterpart, business_key, exchange_id, applied_at) VALUES (?, ?, ?, ?)");
                ps.setString(1, key.source().name());
                ps.setString(2, key.value());
                ps.setString(3, exchangeId);
                ps.setTimestamp(4, now);
                ps.executeUpdate();
            }
        }
        return result;
    }

    private Result effect(ChangeRecord record) throws SQLException {
        if (record instanceof ChangeRecord.BirthRegistration r) {
            Long mother = personId(r.mother());
            if (mother == null) {
                return refused(FeedRejectCode.UNKNOWN_PERSON, "mother_id");
            }
            if (!inCounty(r.areaCode())) {
                return refused(FeedRejectCode.UNKNOWN_AREA, "area_code");
            }
            Long father = r.father() == null ? null : personId(r.father());
            long child = insertPerson(r.child(), r.name(), r.gender().code(), r.birthDate(), r.areaCode(), r.birthDate());
            { PreparedStatement ps = prepared("INSERT INTO birth (child_id, mother_id, father_id,"
                    + " birth_certificate_no, birth_order) VALUES (?, ?, ?, ?,"
                    + " (SELECT COUNT(*) + 1 FROM birth WHERE mother_id = ?))");
                ps.setLong(1, child);
                ps.setLong(2, mother);
                setLong(ps, 3, father);
                ps.setString(4, r.birthCertificateNo());
                ps.setLong(5, mother);
                ps.executeUpdate();
            }
            claim(r.child(), DataItem.RESIDENCE, r.areaCode(), r.registeredOn(), r.key());
            policeRegister(r.child(), r.areaCode(), true);
            return APPLIED;
        } else if (record instanceof ChangeRecord.DeathCancellation r) {
            return cancel(r.person(), "DEATH", r.dateOfDeath(), r.key(), r.areaCode());
        } else if (record instanceof ChangeRecord.Cremation r) {
            claimName(r.person(), r.name(), r.dateOfDeath(), r.key());
            return cancel(r.person(), "DEATH", r.dateOfDeath(), r.key(), null);
        } else if (record instanceof ChangeRecord.MoveOut r) {
            return cancel(r.person(), "MOVED_OUT", r.movedOn(), r.key(), r.areaCode());
        } else if (record instanceof ChangeRecord.MoveIn r) {
            if (!inCounty(r.areaCode())) {
                return refused(FeedRejectCode.UNKNOWN_AREA, "area_code");
            }
            List<Long> rows = personIds(r.person());
            if (rows.isEmpty()) {
                insertPerson(r.person(), r.name(), r.gender().code(), r.birthDate(), r.areaCode(), r.movedOn());
            } else {
                { PreparedStatement ps = prepared("UPDATE person SET cancel_reason = NULL, cancelled_at = NULL,"
                        + " registration_area = ?, residence_area = ?, management_changed_at = ? WHERE id = ?");
                    ps.setString(1, r.areaCode());
                    ps.setString(2, r.areaCode());
                    ps.setObject(3, r.movedOn());
                    ps.setLong(4, rows.get(0));
                    ps.executeUpdate();
                }
                deleteClaim(r.person(), DataItem.DEATH);
            }
            claim(r.person(), DataItem.RESIDENCE, r.areaCode(), r.movedOn(), r.key());
            policeRegister(r.person(), r.areaCode(), true);
            return APPLIED;
        } else if (record instanceof ChangeRecord.IdIssued r) {
            // Re-writes the stored ID number in its normalised 18-digit form (a 15-digit legacy number becomes 18).
            for (long id : personIds(r.person())) {
                { PreparedStatement ps = prepared("UPDATE person SET id_number_enc = ? WHERE id = ?");
                    ps.setBytes(1, codec.protectIdNumber(id, r.person().value()));
                    ps.setLong(2, id);
                    ps.executeUpdate();
                }
            }
            return APPLIED;
        } else if (record instanceof ChangeRecord.NameChange r) {
            if (claimName(r.person(), r.newName(), r.changedOn(), r.key())) {
                for (long id : personIds(r.person())) {
                    { PreparedStatement ps = prepared("UPDATE person SET name_enc = ? WHERE id = ?");
                        ps.setBytes(1, codec.protectName(id, r.newName()));
                        ps.setLong(2, id);
                        ps.executeUpdate();
                    }
                }
            }
            return APPLIED;
        } else if (record instanceof ChangeRecord.Marriage r) {
            Long husband = livingPersonId(r.husband());
            Long wife = livingPersonId(r.wife());
            if (husband == null || wife == null) {
                return refused(FeedRejectCode.UNKNOWN_PERSON, husband == null ? "husband.idNumber" : "wife.idNumber");
            }
            claimName(r.husband(), r.husbandName(), r.marriageDate(), r.key());
            claimName(r.wife(), r.wifeName(), r.marriageDate(), r.key());
            { PreparedStatement ps = prepared("INSERT INTO marriage (id, husband_id, wife_id, marriage_date,"
                    + " status, ended_at) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM marriage), ?, ?, ?, 'MARRIED', NULL)");
                ps.setLong(1, husband);
                ps.setLong(2, wife);
                ps.setObject(3, r.marriageDate());
                ps.executeUpdate();
            }
            maritalStatus(r.husband(), husband, "MARRIED", r.marriageDate(), r.key());
            maritalStatus(r.wife(), wife, "MARRIED", r.marriageDate(), r.key());
            return APPLIED;
        } else if (record instanceof ChangeRecord.Divorce r) {
            Long husband = livingPersonId(r.husband());
            Long wife = livingPersonId(r.wife());
            if (husband == null || wife == null) {
                return refused(FeedRejectCode.UNKNOWN_PERSON, husband == null ? "husband.idNumber" : "wife.idNumber");
            }
            { PreparedStatement ps = prepared("UPDATE marriage SET status = 'DIVORCED', ended_at = ?"
                    + " WHERE husband_id = ? AND wife_id = ? AND status = 'MARRIED'");
                ps.setObject(1, r.divorceDate());
                ps.setLong(2, husband);
                ps.setLong(3, wife);
                ps.executeUpdate();
            }
            maritalStatus(r.husband(), husband, "DIVORCED", r.divorceDate(), r.key());
            maritalStatus(r.wife(), wife, "DIVORCED", r.divorceDate(), r.key());
            return APPLIED;
        } else if (record instanceof ChangeRecord.BirthMedicalCertificate r) {
            if (exists("SELECT 1 FROM feed_birth_certificate WHERE certificate_no = ?", r.certificateNo())) {
                return refused(FeedRejectCode.DUPLICATE_KEY, "certificateNo");
            }
            { PreparedStatement ps = prepared("INSERT INTO feed_birth_certificate (certificate_no, mother_id,"
                    + " mother_hash, child_gender, birth_date, birth_place, issued_on) VALUES (?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, r.certificateNo());
                setLong(ps, 2, personId(r.mother()));
                ps.setBytes(3, codec.lookupHash(r.mother().value()));
                ps.setString(4, r.childGender().code());
                ps.setObject(5, r.birthDate());
                ps.setString(6, r.birthPlaceArea());
                ps.setObject(7, r.issuedOn());
                ps.executeUpdate();
            }
            return APPLIED;
        } else if (record instanceof ChangeRecord.Vaccination r) {
            { PreparedStatement ps = prepared("INSERT INTO feed_vaccination (business_key, child_id, child_hash,"
                    + " certificate_no, vaccine, dose, vaccinated_on, card_created_on, clinic_area)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, r.key().value());
                setLong(ps, 2, r.child() == null ? null : personId(r.child()));
                ps.setBytes(3, r.child() == null ? null : codec.lookupHash(r.child().value()));
                ps.setString(4, r.birthCertificateNo());
                ps.setString(5, r.vaccineCode());
                ps.setInt(6, r.dose());
                ps.setObject(7, r.vaccinatedOn());
                ps.setObject(8, r.cardCreatedOn());
                ps.setString(9, r.clinicArea());
                ps.executeUpdate();
            }
            return APPLIED;
        } else if (record instanceof ChangeRecord.StudentRosterEntry r) {
            claimName(r.student(), r.name(), r.enrolledOn(), r.key());
            claim(r.student(), DataItem.RESIDENCE, r.areaCode(), r.enrolledOn(), r.key());
            { PreparedStatement ps = prepared("INSERT INTO feed_enrolment (school_code, term, student_no,"
                    + " student_id, student_hash, grade, area_code, enrolled_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, r.schoolCode());
                ps.setString(2, r.term());
                ps.setString(3, r.studentNo());
                setLong(ps, 4, personId(r.student()));
                ps.setBytes(5, codec.lookupHash(r.student().value()));
                ps.setInt(6, r.grade());
                ps.setString(7, r.areaCode());
                ps.setObject(8, r.enrolledOn());
                ps.executeUpdate();
            }
            return APPLIED;
        }
        throw new IllegalStateException("no effect defined for " + record.kind().code());
    }

    /** A death or move-out: the cancellation goes through the DEATH precedence (civil affairs > police > health). */
    private Result cancel(IdNumber person, String reason, LocalDate on, BusinessKey key, String policeArea) throws SQLException {
        List<Long> rows = personIds(person);
        if (rows.isEmpty()) {
            return refused(FeedRejectCode.UNKNOWN_PERSON, "id_number");
        }
        if (claim(person, DataItem.DEATH, reason + ":" + on, on, key)) {
            for (long id : rows) {
                { PreparedStatement ps = prepared(
                        "UPDATE person SET cancel_reason = ?, cancelled_at = ? WHERE id = ?");
                    ps.setString(1, reason);
                    ps.setObject(2, on);
                    ps.setLong(3, id);
                    ps.executeUpdate();
                }
            }
        }
        if (policeArea != null && key.source() == Counterpart.POLICE) {
            policeRegister(person, null, false);
        }
        return APPLIED;
    }

    private void maritalStatus(IdNumber person, long id, String status, LocalDate on, BusinessKey key) throws SQLException {
        if (claim(person, DataItem.MARITAL_STATUS, status, on, key)) {
            { PreparedStatement ps = prepared("UPDATE person SET marital_status = ? WHERE id = ?");
                ps.setString(1, status);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
    }

    private boolean claimName(IdNumber person, String name, LocalDate on, BusinessKey key) throws SQLException {
        return claim(person, DataItem.NAME, HexFormat.of().formatHex(codec.lookupHash("name:" + name)), on, key);
    }

    /**
     * Records what {@code key}'s source says about {@code item}; returns whether it stands (and so may be
     * written). A disagreement with another source becomes a conflict, whichever side wins.
     */
    private boolean claim(IdNumber person, DataItem item, String value, LocalDate on, BusinessKey key) throws SQLException {
        byte[] hash = codec.lookupHash(person.value());
        Claim current = null;
        { PreparedStatement ps = prepared("SELECT source, claim_value, asserted_on, business_key"
                + " FROM feed_claim WHERE id_hash = ? AND item = ?");
            ps.setBytes(1, hash);
            ps.setString(2, item.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Counterpart source = Counterpart.valueOf(rs.getString(1));
                    String k = rs.getString(4);
                    current = new Claim(item, source, rs.getString(2), rs.getObject(3, LocalDate.class),
                            k == null ? null : new BusinessKey(source, k));
                }
            }
        }
        Claim incoming = new Claim(item, key.source(), value, on, key);
        Precedence.Resolution resolution = Precedence.resolve(HexFormat.of().formatHex(hash), current, incoming);
        resolution.conflict().ifPresent(this::conflict);
        boolean stands = resolution.winner() == incoming;
        if (stands) {
            if (current != null) {
                deleteClaim(person, item);
            }
            { PreparedStatement ps = prepared("INSERT INTO feed_claim (id_hash, item, source, claim_value,"
                    + " asserted_on, business_key) VALUES (?, ?, ?, ?, ?, ?)");
                ps.setBytes(1, hash);
                ps.setString(2, item.name());
                ps.setString(3, key.source().name());
                ps.setString(4, value);
                ps.setObject(5, on);
                ps.setString(6, key.value());
                ps.executeUpdate();
            }
        }
        return stands;
    }

    private void deleteClaim(IdNumber person, DataItem item) throws SQLException {
        { PreparedStatement ps = prepared("DELETE FROM feed_claim WHERE id_hash = ? AND item = ?");
            ps.setBytes(1, codec.lookupHash(person.value()));
            ps.setString(2, item.name());
            ps.executeUpdate();
        }
    }

    private void conflict(Conflict conflict) {
        conflicts.add(conflict);
        try {
            PreparedStatement ps = prepared("INSERT INTO feed_conflict (id_hash, item, winner, winner_key, loser,"
                + " loser_key, rule, exchange_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setBytes(1, HexFormat.of().parseHex(conflict.subjectHash()));
            ps.setString(2, conflict.item().name());
            ps.setString(3, conflict.winner().source().name());
            ps.setString(4, conflict.winner().key() == null ? null : conflict.winner().key().value());
            ps.setString(5, conflict.loser().source().name());
            ps.setString(6, conflict.loser().key() == null ? null : conflict.loser().key().value());
            ps.setString(7, conflict.rule());
            ps.setString(8, exchangeId);
            ps.setTimestamp(9, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new org.popgate.adapters.population.PopulationStoreException("conflict not recorded", e);
        }
    }

    private void policeRegister(IdNumber person, String village, boolean present) throws SQLException {
        byte[] hash = codec.lookupHash(person.value());
        { PreparedStatement ps = prepared("DELETE FROM feed_police_register WHERE id_hash = ?");
            ps.setBytes(1, hash);
            ps.executeUpdate();
        }
        if (present) {
            { PreparedStatement ps = prepared("INSERT INTO feed_police_register (id_hash, village) VALUES (?, ?)");
                ps.setBytes(1, hash);
                ps.setString(2, village);
                ps.executeUpdate();
            }
        }
    }

    private long insertPerson(IdNumber id, String name, String gender, LocalDate birth, String area, LocalDate since)
            throws SQLException {
        long personId;
        try (ResultSet rs = prepared(postgres ? "SELECT nextval('feed_person_id_seq')"
                : "SELECT NEXT VALUE FOR feed_person_id_seq").executeQuery()) {
            rs.next();
            personId = rs.getLong(1);
        }
        { PreparedStatement ps = prepared("INSERT INTO person (id, id_hash, id_number_enc, name_enc, gender,"
                + " birth_date, household_type, registration_area, residence_area, management_attribute,"
                + " management_changed_at, marital_status) VALUES (?, ?, ?, ?, ?, ?, 'NON_AGRICULTURAL', ?, ?, 'RESIDENT', ?,"
                + " 'UNMARRIED')");
            ps.setLong(1, personId);
            ps.setBytes(2, codec.lookupHash(id.value()));
            ps.setBytes(3, codec.protectIdNumber(personId, id.value()));
            ps.setBytes(4, codec.protectName(personId, name));
            ps.setString(5, gender);
            ps.setObject(6, birth);
            ps.setString(7, area);
            ps.setString(8, area);
            ps.setObject(9, since);
            ps.executeUpdate();
        }
        return personId;
    }

    private List<Long> personIds(IdNumber id) throws SQLException {
        List<Long> ids = new ArrayList<>(1);
        { PreparedStatement ps = prepared("SELECT id FROM person WHERE id_hash = ? ORDER BY id");
            ps.setBytes(1, codec.lookupHash(id.value()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private Long personId(IdNumber id) throws SQLException {
        List<Long> ids = personIds(id);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private Long livingPersonId(IdNumber id) throws SQLException {
        { PreparedStatement ps = prepared(
                "SELECT id FROM person WHERE id_hash = ? AND cancelled_at IS NULL ORDER BY id");
            ps.setBytes(1, codec.lookupHash(id.value()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Whether the area is one of the county's own (a person row references it). */
    private boolean inCounty(String code) throws SQLException {
        return countyAreas.computeIfAbsent(code, k -> {
            try {
                return exists("SELECT 1 FROM area WHERE code = ?", k);
            } catch (SQLException e) {
                throw new org.popgate.adapters.population.PopulationStoreException("area lookup failed", e);
            }
        });
    }

    private boolean exists(String sql, String value) throws SQLException {
        { PreparedStatement ps = prepared(sql);
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Result refused(FeedRejectCode code, String detail) {
        return new Result.Refused(Reason.of(code, detail));
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    /** Statements are prepared once per delivery: a county's change file runs each of them many thousand times. */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }
}
