package org.popgate.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditHarness;
import org.popgate.audit.AuditSuite;

class ExportTests {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);

    @TempDir
    Path witnessDir;

    private String export;

    @BeforeEach
    void export() {
        try (AuditHarness h = new AuditHarness(AuditFixtures.h2Memory(), KEYS, witnessDir)) {
            h.fill(5, 400, 100);
            StringWriter w = new StringWriter();
            AuditExport.write(h.log, KEYS.verifier(), KEYS.certificate(), List.of(5L, 150L, 151L, 399L), true, w);
            export = w.toString();
        }
    }

    @Test
    void exportVerifiesOfflineWithTheExpectedCertificate() throws Exception {
        ExportReport report = ExportVerifier.verify(new StringReader(export), null);
        assertThat(report.firstBadEntry()).isEmpty();
        assertThat(report.events()).isEqualTo(4);
        assertThat(report.checkpoints()).isEqualTo(3);
        assertThat(report.anchorSize()).isEqualTo(400);
        assertThat(ExportVerifier.verify(new StringReader(export), report.certificateFingerprint()).ok()).isTrue();
        assertThat(ExportVerifier.verify(new StringReader(export), "00".repeat(32)).firstBadEntry().orElseThrow())
                .contains("not the expected one");
    }

    @Test
    void alteredEventIsNamedAsFirstBadEntry() {
        String[] lines = export.split("\n");
        int i = indexOf(lines, "event 150 ");
        String[] p = lines[i].split(" ");
        byte[] leaf = Base64.getDecoder().decode(p[2]);
        leaf[leaf.length - 1] ^= 1;
        lines[i] = p[0] + " " + p[1] + " " + Base64.getEncoder().encodeToString(leaf) + " " + p[3];
        assertThat(first(lines)).startsWith("line " + (i + 1) + " (event seq 150)");
    }

    @Test
    void renumberedEventOrSwappedProofIsNamed() {
        String[] lines = export.split("\n");
        int i = indexOf(lines, "event 151 ");
        lines[i] = lines[i].replaceFirst("event 151 ", "event 152 ");
        assertThat(first(lines)).startsWith("line " + (i + 1) + " (event seq 152): inclusion proof does not verify");
    }

    @Test
    void alteredCheckpointSubjectsOrTruncationAreNamed() {
        String[] lines = export.split("\n");
        int cp = indexOf(lines, "checkpoint ");
        String[] copy = lines.clone();
        String note = new String(Base64.getDecoder().decode(copy[cp].split(" ")[1]));
        copy[cp] = "checkpoint " + Base64.getEncoder().encodeToString(note.replace("\n100\n", "\n101\n").getBytes())
                + " - -";
        assertThat(first(copy)).startsWith("line " + (cp + 1) + " (checkpoint 1): audit_signature_invalid");

        String[] subjects = lines.clone();
        int s = indexOf(subjects, "subjects ");
        subjects[s] = subjects[s].substring(0, subjects[s].length() - 4) + "AAA=";
        assertThat(first(subjects)).startsWith("line " + (s + 1) + " (subjects of seq");

        String[] cut = java.util.Arrays.copyOf(lines, lines.length - 1);
        assertThat(first(cut)).contains("without 'end'");
    }

    private static String first(String[] lines) {
        ExportReport r = ExportVerifier.verify(new StringReader(String.join("\n", lines) + "\n"), null);
        assertThat(r.ok()).isFalse();
        return r.firstBadEntry().orElseThrow();
    }

    private static int indexOf(String[] lines, String prefix) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError(prefix);
    }
}
