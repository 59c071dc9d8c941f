package org.popgate.gateway.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.support.ByteSearch;
import org.popgate.gateway.support.TestCounty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Backup, restore, refusals and the drill on the embedded H2 database. */
class BackupH2IntegrationTests extends BackupRoundTrip {

    @Override
    List<String> databaseArgs() {
        return List.of();
    }

    @Override
    List<String> restoreDatabaseArgs() {
        return List.of();
    }

    @Override
    void wipeDatabase() {
        // the H2 database lives in the data directory, which the test deleted
    }

    @Override
    String schema() {
        return "PUBLIC";
    }

    @Override
    java.sql.Connection restoredDatabase() throws Exception {
        return java.sql.DriverManager.getConnection("jdbc:h2:file:" + base.resolve("data/db/popgate").toAbsolutePath(),
                "popgate", "");
    }

    @Test
    void aCorruptedTruncatedOrWronglyKeyedBackupIsRefusedBeforeAnythingIsWritten() throws Exception {
        byte[] good = Files.readAllBytes(latestBackup);
        byte[] corrupted = good.clone();
        corrupted[good.length / 2] ^= 0x01;
        Path work = Files.createDirectories(base.resolve("refusals"));
        Path corruptedFile = Files.write(work.resolve("corrupted.p7m"), corrupted);
        Path truncatedFile = Files.write(work.resolve("truncated.p7m"), java.util.Arrays.copyOf(good, good.length - 100));
        Path cutFile = Files.write(work.resolve("cut.p7m"), java.util.Arrays.copyOf(good, good.length / 3));
        Path tailFile = Files.write(work.resolve("tail.p7m"), java.util.Arrays.copyOf(good, good.length - 1));

        Path target = work.resolve("data");
        for (Path bad : List.of(corruptedFile, truncatedFile, cutFile, tailFile)) {
            Cli refused = cli("restore", target, "--backup=" + bad);
            assertThat(refused.status()).as(bad.getFileName() + ": " + refused.output()).isEqualTo(1);
            assertThat(refused.output()).as(bad.getFileName().toString())
                    .containsAnyOf("backup_tampered", "backup_truncated", "backup_digest_mismatch", "backup_bad_signature");
            assertThat(target).doesNotExist();
        }
        Cli wrongKey = cli("restore", target, "--backup=" + latestBackup,
                "--recipient-key=" + offline.resolve("someone-else.p12"));
        assertThat(wrongKey.status()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("backup_wrong_key");
        assertThat(target).doesNotExist();

        Path occupied = Files.createDirectories(work.resolve("occupied/db"));
        Files.writeString(occupied.resolve("popgate.mv.db"), "an existing database");
        Cli notEmpty = cli("restore", occupied.getParent(), "--backup=" + latestBackup);
        assertThat(notEmpty.output()).contains("backup_target_not_empty");
        assertThat(Files.readString(occupied.resolve("popgate.mv.db"))).isEqualTo("an existing database");
    }

    @Test
    void theBackupFileHoldsNoPlaintextIdNumberOrName() throws Exception {
        List<byte[]> personalData = new ArrayList<>();
        for (CountyRow.Person p : TestCounty.persons()) {
            personalData.add(p.idNumber().getBytes(StandardCharsets.US_ASCII));
            personalData.add(p.name().getBytes(StandardCharsets.UTF_8));
            // A two-character name is only 4 bytes in UTF-16: a few thousand such patterns over a megabyte of
            // ciphertext match by chance about once a run. Six bytes and more (three characters) cannot.
            if (p.name().length() >= 3) {
                personalData.add(p.name().getBytes(StandardCharsets.UTF_16BE));
            }
        }
        for (Path file : List.of(latestBackup, escrow)) {
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes.length).isGreaterThan(file.equals(latestBackup) ? 100_000 : 1_000);
            assertThat(ByteSearch.occurring(bytes, personalData)).as(file.getFileName().toString()).isEmpty();
        }
    }

    @Test
    void theDecryptedDatabaseInABackupStillHoldsNoIdNumberOrName() throws Exception {
        BackupArchive.Key recipient = BackupKeys.offline(offline.resolve("backup-recipient.p12"),
                "correct horse battery".toCharArray());
        java.io.ByteArrayOutputStream database = new java.io.ByteArrayOutputStream();
        BackupManifest manifest = BackupArchive.read(latestBackup, recipient, null, (name, data) -> {
            if (name.equals("database/h2.zip")) {
                java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(data);
                while (zip.getNextEntry() != null) {
                    zip.transferTo(database);
                }
            }
        });
        assertThat(manifest.database()).isEqualTo("h2");
        assertThat(database.size()).isGreaterThan(100_000);
        List<byte[]> personalData = new ArrayList<>();
        for (CountyRow.Person p : TestCounty.persons()) {
            personalData.add(p.idNumber().getBytes(StandardCharsets.US_ASCII));
            personalData.add(p.name().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ByteSearch.occurring(database.toByteArray(), personalData)).isEmpty();
        // the search does find a name when it is there (the check above can fail)
        assertThat(ByteSearch.occurring(("x" + TestCounty.persons().get(7).name()).getBytes(StandardCharsets.UTF_8),
                personalData)).isNotEmpty();
    }

    @Test
    void theDrillRestoresTheLatestBackupIntoScratchVerifiesReportsAndCleansUp() throws Exception {
        Path scratch = Files.createDirectories(base.resolve("scratch"));
        Path report = base.resolve("drill.json");
        Cli drill = cli("drill", null, "--backup-dir=" + base.resolve("backups"), "--report=" + report,
                "--scratch=" + scratch);
        assertThat(drill.status()).as(drill.output()).isZero();
        JsonNode r = JsonMapper.builder().build().readTree(Files.readString(report));
        assertThat(r.get("outcome").asString()).isEqualTo("passed");
        assertThat(r.get("backup").asString()).isEqualTo(latestBackup.getFileName().toString());
        assertThat(r.get("tables").get("person").get("rows").asLong()).isEqualTo(TestCounty.SPEC.persons());
        assertThat(r.get("auditEvents").asLong()).isPositive();
        try (var left = Files.list(scratch)) {
            assertThat(left).as("scratch cleaned up").isEmpty();
        }

        Cli failing = cli("drill", null, "--backup-dir=" + base.resolve("backups"), "--report=" + report,
                "--scratch=" + scratch, "--recipient-key=" + offline.resolve("someone-else.p12"));
        assertThat(failing.status()).isEqualTo(1);
        JsonNode failed = JsonMapper.builder().build().readTree(Files.readString(report));
        assertThat(failed.get("outcome").asString()).isEqualTo("failed");
        assertThat(failed.get("code").asString()).isEqualTo("backup_wrong_key");
    }

    @Test
    void theKeyEscrowOpensOnlyWithTheEscrowKeyIntoAnEmptyKeysDirectory() throws Exception {
        Path restoredKeys = base.resolve("restored-keys");
        Cli withDataKey = cli("restore-keys", null, "--escrow=" + escrow, "--escrow-key="
                + offline.resolve("backup-recipient.p12"), "--keys-dir=" + restoredKeys);
        assertThat(withDataKey.status()).as("the data key does not open the keys").isEqualTo(1);
        assertThat(withDataKey.output()).contains("backup_wrong_key");
        Cli opened = cli("restore-keys", null, "--escrow=" + escrow, "--escrow-key=" + offline.resolve("key-escrow.p12"),
                "--keys-dir=" + restoredKeys);
        assertThat(opened.status()).as(opened.output()).isZero();
        assertThat(Files.readAllBytes(restoredKeys.resolve("gateway.bcfks")))
                .isEqualTo(Files.readAllBytes(base.resolve("keys/gateway.bcfks")));
        byte[] data = Files.readAllBytes(latestBackup);
        assertThat(ByteSearch.occurring(data, List.of(Files.readAllBytes(base.resolve("keys/keystore.password")))))
                .as("the key-store password is not in the data backup").isEmpty();
    }
}
