package org.popgate.adapters.feed;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * Checks parsed records before anything is written: known area codes, dates not after today, birth dates
 * that agree with the ID number, the seed's logic relations (mother at least 15 at the birth, nothing dated
 * before the person's birth, marriage age 20/22, divorce only of an existing marriage), the person's state
 * in the database, and duplicates within one feed (same business key; same person with the same kind of
 * change). One {@link Session} per file or batch carries the in-feed state, so a birth registered earlier
 * in a file makes its ID issuance later in the file valid.
 */
public final class FeedValidator {

    static final int MIN_MOTHER_AGE = 15;
    static final int MIN_MARRIAGE_AGE_WOMAN = 20;
    static final int MIN_MARRIAGE_AGE_MAN = 22;

    private final PopulationState state;
    private final KnownAreas areas;
    private final LocalDate today;

    public FeedValidator(PopulationState state, KnownAreas areas, LocalDate today) {
        this.state = state;
        this.areas = areas;
        this.today = today;
    }

    /** A new session for one file or batch. */
    public Session session() {
        return new Session();
    }

    /** The in-feed state of one file or batch. Not thread-safe: one reading thread per feed. */
    public final class Session {
        private final Set<String> keys = new HashSet<>();
        private final Map<ChangeKind, Set<Long>> subjects = new EnumMap<>(ChangeKind.class);
        private final Set<Long> registeredHere = new HashSet<>();
        private final Set<Long> cancelledHere = new HashSet<>();
        private final Set<Long> marriedHere = new HashSet<>();
        private final Set<Long> divorcedHere = new HashSet<>();
        private final Set<String> marriagesHere = new HashSet<>();
        private final Set<String> divorcesHere = new HashSet<>();

        private Session() {}

        /** The reasons {@code record} must be rejected; empty when it is accepted (and then remembered). */
        public List<Reason> check(ChangeRecord record) {
            List<Reason> reasons = new ArrayList<>(2);
            if (record instanceof ChangeRecord.BirthRegistration r) {
                area(reasons, "area_code", r.areaCode());
                notFuture(reasons, "birth_date", r.birthDate());
                notFuture(reasons, "change_date", r.registeredOn());
                sameBirth(reasons, r.child(), r.birthDate());
                role(reasons, "mother_id", r.mother(), Gender.FEMALE);
                role(reasons, "father_id", r.father(), Gender.MALE);
                motherAge(reasons, r.mother(), r.birthDate());
                after(reasons, "change_date", r.registeredOn(), r.birthDate());
                if (known(r.child()) && !cancelled(r.child())) {
                    reasons.add(Reason.of(FeedRejectCode.ALREADY_REGISTERED, "id_number"));
                }
            } else if (record instanceof ChangeRecord.DeathCancellation r) {
                area(reasons, "area_code", r.areaCode());
                notFuture(reasons, "event_date", r.dateOfDeath());
                notFuture(reasons, "change_date", r.cancelledOn());
                notBeforeBirth(reasons, "event_date", r.person(), r.dateOfDeath());
                after(reasons, "change_date", r.cancelledOn(), r.dateOfDeath());
                living(reasons, r.person());
            } else if (record instanceof ChangeRecord.MoveIn r) {
                area(reasons, "area_code", r.areaCode());
                area(reasons, "other_area", r.fromArea());
                notFuture(reasons, "event_date", r.movedOn());
                sameBirth(reasons, r.person(), r.birthDate());
                notBeforeBirth(reasons, "event_date", r.person(), r.movedOn());
                if (known(r.person()) && !cancelled(r.person())) {
                    reasons.add(Reason.of(FeedRejectCode.ALREADY_REGISTERED, "id_number"));
                }
            } else if (record instanceof ChangeRecord.MoveOut r) {
                area(reasons, "area_code", r.areaCode());
                area(reasons, "other_area", r.toArea());
                notFuture(reasons, "event_date", r.movedOn());
                notBeforeBirth(reasons, "event_date", r.person(), r.movedOn());
                living(reasons, r.person());
            } else if (record instanceof ChangeRecord.IdIssued r) {
                area(reasons, "area_code", r.areaCode());
                notFuture(reasons, "event_date", r.issuedOn());
                notBeforeBirth(reasons, "event_date", r.person(), r.issuedOn());
                living(reasons, r.person());
            } else if (record instanceof ChangeRecord.NameChange r) {
                area(reasons, "area_code", r.areaCode());
                notFuture(reasons, "event_date", r.changedOn());
                notBeforeBirth(reasons, "event_date", r.person(), r.changedOn());
                living(reasons, r.person());
            } else if (record instanceof ChangeRecord.Marriage r) {
                area(reasons, "office", r.officeArea());
                notFuture(reasons, "marriageDate", r.marriageDate());
                role(reasons, "husband.idNumber", r.husband(), Gender.MALE);
                role(reasons, "wife.idNumber", r.wife(), Gender.FEMALE);
                if (age(r.husband(), r.marriageDate()) < MIN_MARRIAGE_AGE_MAN) {
                    reasons.add(Reason.of(FeedRejectCode.UNDER_MARRIAGE_AGE, "husband.idNumber"));
                }
                if (age(r.wife(), r.marriageDate()) < MIN_MARRIAGE_AGE_WOMAN) {
                    reasons.add(Reason.of(FeedRejectCode.UNDER_MARRIAGE_AGE, "wife.idNumber"));
                }
                notMarried(reasons, "husband.idNumber", r.husband());
                notMarried(reasons, "wife.idNumber", r.wife());
            } else if (record instanceof ChangeRecord.Divorce r) {
                area(reasons, "office", r.officeArea());
                notFuture(reasons, "divorceDate", r.divorceDate());
                notBeforeBirth(reasons, "divorceDate", r.husband(), r.divorceDate());
                role(reasons, "husband.idNumber", r.husband(), Gender.MALE);
                role(reasons, "wife.idNumber", r.wife(), Gender.FEMALE);
                String pair = pair(r.husband(), r.wife());
                boolean existing = !divorcesHere.contains(pair)
                        && (marriagesHere.contains(pair) || state.marriedTo(r.husband(), r.wife()));
                if (!existing) {
                    reasons.add(Reason.of(FeedRejectCode.NO_EXISTING_MARRIAGE));
                }
            } else if (record instanceof ChangeRecord.Cremation r) {
                area(reasons, "area", r.areaCode());
                notFuture(reasons, "cremationDate", r.cremationDate());
                notBeforeBirth(reasons, "dateOfDeath", r.person(), r.dateOfDeath());
                after(reasons, "cremationDate", r.cremationDate(), r.dateOfDeath());
                living(reasons, r.person());
            } else if (record instanceof ChangeRecord.BirthMedicalCertificate r) {
                area(reasons, "birthPlace", r.birthPlaceArea());
                notFuture(reasons, "issuedOn", r.issuedOn());
                role(reasons, "mother.idNumber", r.mother(), Gender.FEMALE);
                role(reasons, "father.idNumber", r.father(), Gender.MALE);
                motherAge(reasons, r.mother(), r.birthDate());
                after(reasons, "issuedOn", r.issuedOn(), r.birthDate());
            } else if (record instanceof ChangeRecord.Vaccination r) {
                area(reasons, "clinic", r.clinicArea());
                notFuture(reasons, "vaccinatedOn", r.vaccinatedOn());
                if (r.child() != null) {
                    sameBirth(reasons, r.child(), r.childBirthDate());
                }
                if (r.vaccinatedOn().isBefore(r.childBirthDate())) {
                    reasons.add(Reason.of(FeedRejectCode.DATE_BEFORE_BIRTH, "vaccinatedOn"));
                }
                after(reasons, "cardCreatedOn", r.cardCreatedOn(), r.childBirthDate());
            } else if (record instanceof ChangeRecord.StudentRosterEntry r) {
                area(reasons, "area_code", r.areaCode());
                notFuture(reasons, "enrolled_on", r.enrolledOn());
                sameBirth(reasons, r.student(), r.birthDate());
                notBeforeBirth(reasons, "enrolled_on", r.student(), r.enrolledOn());
            }
            Set<Long> seen = subjects.computeIfAbsent(record.kind(), k -> new HashSet<>());
            if (keys.contains(record.key().value())) {
                reasons.add(Reason.of(FeedRejectCode.DUPLICATE_KEY));
            } else if (record.subject() != null && seen.contains(number(record.subject()))) {
                reasons.add(Reason.of(FeedRejectCode.DUPLICATE_PERSON));
            }
            // Only accepted records count as "earlier in the feed": a rejected one does not shadow its correction.
            if (reasons.isEmpty()) {
                keys.add(record.key().value());
                if (record.subject() != null) {
                    seen.add(number(record.subject()));
                }
                remember(record);
            }
            return reasons;
        }

        private void remember(ChangeRecord record) {
            if (record instanceof ChangeRecord.BirthRegistration r) {
                registeredHere.add(number(r.child()));
            } else if (record instanceof ChangeRecord.MoveIn r) {
                registeredHere.add(number(r.person()));
            } else if (record instanceof ChangeRecord.DeathCancellation r) {
                cancelledHere.add(number(r.person()));
            } else if (record instanceof ChangeRecord.MoveOut r) {
                cancelledHere.add(number(r.person()));
            } else if (record instanceof ChangeRecord.Cremation r) {
                cancelledHere.add(number(r.person()));
            } else if (record instanceof ChangeRecord.Marriage r) {
                marriagesHere.add(pair(r.husband(), r.wife()));
                marriedHere.add(number(r.husband()));
                marriedHere.add(number(r.wife()));
            } else if (record instanceof ChangeRecord.Divorce r) {
                divorcesHere.add(pair(r.husband(), r.wife()));
                divorcedHere.add(number(r.husband()));
                divorcedHere.add(number(r.wife()));
                marriedHere.remove(number(r.husband()));
                marriedHere.remove(number(r.wife()));
            }
        }

        private boolean known(IdNumber id) {
            return registeredHere.contains(number(id)) || state.person(id).isPresent();
        }

        private boolean cancelled(IdNumber id) {
            long n = number(id);
            if (registeredHere.contains(n)) {
                return cancelledHere.contains(n);
            }
            return cancelledHere.contains(n) || state.person(id).map(PopulationState.PersonState::cancelled).orElse(false);
        }

        private void living(List<Reason> reasons, IdNumber id) {
            if (!known(id)) {
                reasons.add(Reason.of(FeedRejectCode.UNKNOWN_PERSON));
            } else if (cancelled(id)) {
                reasons.add(Reason.of(FeedRejectCode.ALREADY_CANCELLED));
            }
        }

        private void notMarried(List<Reason> reasons, String field, IdNumber id) {
            long n = number(id);
            boolean married = marriedHere.contains(n) || (!divorcedHere.contains(n)
                && state.person(id).map(PopulationState.PersonState::married).orElse(false));
            if (married) {
                reasons.add(Reason.of(FeedRejectCode.ALREADY_MARRIED, field));
            }
        }
    }

    private void area(List<Reason> reasons, String field, String code) {
        if (!areas.isKnown(code)) {
            reasons.add(Reason.of(FeedRejectCode.UNKNOWN_AREA, field));
        }
    }

    private void notFuture(List<Reason> reasons, String field, LocalDate date) {
        if (date.isAfter(today)) {
            reasons.add(Reason.of(FeedRejectCode.DATE_IN_FUTURE, field));
        }
    }

    private static void sameBirth(List<Reason> reasons, IdNumber id, LocalDate stated) {
        if (!id.birthDate().equals(stated)) {
            reasons.add(Reason.of(FeedRejectCode.BIRTH_DATE_MISMATCH));
        }
    }

    private static void notBeforeBirth(List<Reason> reasons, String field, IdNumber id, LocalDate date) {
        if (date.isBefore(id.birthDate())) {
            reasons.add(Reason.of(FeedRejectCode.DATE_BEFORE_BIRTH, field));
        }
    }

    private static void after(List<Reason> reasons, String field, LocalDate later, LocalDate earlier) {
        if (later.isBefore(earlier)) {
            reasons.add(Reason.of(FeedRejectCode.DATES_OUT_OF_ORDER, field));
        }
    }

    private static void role(List<Reason> reasons, String field, IdNumber id, Gender expected) {
        if (id != null && id.gender() != expected) {
            reasons.add(Reason.of(FeedRejectCode.WRONG_GENDER, field));
        }
    }

    private static void motherAge(List<Reason> reasons, IdNumber mother, LocalDate childBirth) {
        if (age(mother, childBirth) < MIN_MOTHER_AGE) {
            reasons.add(Reason.of(FeedRejectCode.MOTHER_TOO_YOUNG));
        }
    }

    private static int age(IdNumber id, LocalDate on) {
        return on.isBefore(id.birthDate()) ? -1 : Period.between(id.birthDate(), on).getYears();
    }

    private static String pair(IdNumber husband, IdNumber wife) {
        return husband.value() + "+" + wife.value();
    }

    /** The 17-digit body as a number: unique per valid ID (the check character follows from it). */
    static long number(IdNumber id) {
        return Long.parseLong(id.value(), 0, 17, 10);
    }
}
