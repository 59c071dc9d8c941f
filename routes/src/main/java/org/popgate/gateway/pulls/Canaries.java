package org.popgate.gateway.pulls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Canary records: a few synthetic persons per package, derived from a gateway secret and the exchange, so that a
 * leaked file can be traced to the recipient it was made for. Each canary copies the area and status of the real
 * record beside it (so it blends in) but has a synthetic ID number that no real person holds, a synthetic name and
 * birth date; it then passes through the same minimiser as the real records. Where they sit in the package is
 * derived from the same secret. The gateway counts them apart from the real records.
 */
final class Canaries {

    private static final String[] SURNAMES = {"李", "王", "张", "刘", "陈", "杨", "黄", "周", "吴", "邓"};
    private static final String[] GIVEN = {"春华", "建国", "秀英", "志强", "丽娟", "海燕", "文军", "桂兰", "小红", "国平"};

    private final SecretKey key;

    Canaries(SecretKey key) {
        this.key = key;
    }

    /** The plan for one package: {@code count} canaries at positions spread over {@code expected} real records. */
    Plan plan(String exchangeId, String recipient, int count, long expected) {
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            positions[i] = expected <= 0 ? 0 : Long.remainderUnsigned(word(exchangeId, recipient, "position", i), expected);
        }
        java.util.Arrays.sort(positions);
        return new Plan(exchangeId, recipient, positions);
    }

    /** Where the canaries of one package go and what they are. */
    final class Plan {
        private final String exchangeId;
        private final String recipient;
        private final long[] positions;
        private int next;
        private int made;

        private Plan(String exchangeId, String recipient, long[] positions) {
            this.exchangeId = exchangeId;
            this.recipient = recipient;
            this.positions = positions;
        }

        /** Whether a canary is due before real record number {@code index} (0-based). */
        boolean dueBefore(long index) {
            return next < positions.length && positions[next] <= index;
        }

        /** Canaries not yet placed (they go at the end when the selection came out shorter than expected). */
        boolean remaining() {
            return next < positions.length;
        }

        /** The next canary, modelled on {@code neighbour}; {@code taken} says whether an ID number is a real person's. */
        PersonRecord next(PersonRecord neighbour, Predicate<String> taken) {
            next++;
            for (int attempt = 0; ; attempt++) {
                int i = made++;
                long w = word(exchangeId, recipient, "person", i);
                LocalDate born = LocalDate.of(1950, 1, 1).plusDays(Math.floorMod(w, 365L * 60));
                int sequence = 900 + (int) Math.floorMod(w >>> 20, 99L);
                String gender = sequence % 2 == 1 ? "M" : "F";
                String area = neighbour.registrationArea().length() >= 6 ? neighbour.registrationArea().substring(0, 6)
                        : "431128";
                String id = IdNumbers.compose(area, born, sequence);
                if (taken.test(id) && attempt < 20) {
                    continue;
                }
                String name = SURNAMES[(int) Math.floorMod(w >>> 8, (long) SURNAMES.length)]
                        + GIVEN[(int) Math.floorMod(w >>> 16, (long) GIVEN.length)];
                return new PersonRecord(-1, id, name, gender, born, neighbour.householdType(),
                        neighbour.registrationArea(), neighbour.residenceArea(), neighbour.managementAttribute(),
                        neighbour.managementChangedAt(), neighbour.maritalStatus(), null, null);
            }
        }

        int placed() {
            return next;
        }
    }

    private long word(String exchangeId, String recipient, String use, int i) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] out = mac.doFinal((exchangeId + '\u0000' + recipient + '\u0000' + use + '\u0000' + i)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(out).getLong() & Long.MAX_VALUE;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("canary key unusable", e);
        }
    }
}
