package org.popgate.adapters.population;

import java.time.LocalDate;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.lookup.LookupHasher;

/**
 * How person data is written to and read from the database. ID numbers, names and contraception details
 * are stored AES-256-GCM-encrypted ({@link ColumnCipher}; table, column and row id bound in, so a value
 * moved to another row no longer decrypts). Beside the encrypted ID sits its keyed lookup hash, and every
 * query finds a person by that hash: a copy of the database reveals no ID, name or contraception detail,
 * yet lookups by ID still work.
 */
public final class PersonRecordCodec {

    private final LookupHasher lookupHasher;
    private final ColumnCipher cipher;

    public PersonRecordCodec(LookupHasher lookupHasher, ColumnCipher cipher) {
        this.lookupHasher = lookupHasher;
        this.cipher = cipher;
    }

    /** The lookup hash of an ID number as typed (normalised first: spaces, full-width digits, lower-case x). */
    public byte[] lookupHash(String idNumber) {
        return lookupHasher.hash(IdNumbers.normalise(idNumber));
    }

    /** The stored form of an ID number of person row {@code personId}. */
    public byte[] protectIdNumber(long personId, String idNumber) {
        return idNumber == null ? null : cipher.encryptString("person", "id_number", Long.toString(personId), idNumber);
    }

    /** The stored form of a name of person row {@code personId}. */
    public byte[] protectName(long personId, String name) {
        return name == null ? null : cipher.encryptString("person", "name", Long.toString(personId), name);
    }

    /** The ID number of person row {@code personId}. */
    public String revealIdNumber(long personId, byte[] stored) {
        return stored == null ? null : cipher.decryptString("person", "id_number", Long.toString(personId), stored);
    }

    /** The name of person row {@code personId}. */
    public String revealName(long personId, byte[] stored) {
        return stored == null ? null : cipher.decryptString("person", "name", Long.toString(personId), stored);
    }

    /** The stored form of a woman's contraceptive method and its start date (sensitive: PIPL art. 28). */
    public byte[] protectContraception(long womanId, String method, LocalDate since) {
        String plain = method + "|" + (since == null ? "" : since.toString());
        return cipher.encryptString("fertility", "contraception", Long.toString(womanId), plain);
    }

    /** The contraceptive method and start date of woman {@code womanId}. */
    public Contraception revealContraception(long womanId, byte[] stored) {
        String plain = cipher.decryptString("fertility", "contraception", Long.toString(womanId), stored);
        int bar = plain.indexOf('|');
        String since = plain.substring(bar + 1);
        return new Contraception(plain.substring(0, bar), since.isEmpty() ? null : LocalDate.parse(since));
    }

    /** A woman's current contraceptive method and since when. */
    public record Contraception(String method, LocalDate since) {}
}
