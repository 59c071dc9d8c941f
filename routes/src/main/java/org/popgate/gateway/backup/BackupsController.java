package org.popgate.gateway.backup;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Backups for the system administrator (take one now, list them, seal the key store to the escrow), and
 * the restore-epoch acknowledgement for the security officer. Every call is an audit event.
 */
@RestController
@RequestMapping("/api/v1")
class BackupsController {

    private final BackupService backups;
    private final RestoreEpochs epochs;

    BackupsController(BackupService backups, RestoreEpochs epochs) {
        this.backups = backups;
        this.epochs = epochs;
    }

    @PostMapping("/backups")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> take() {
        return view(call(() -> backups.takeBackup(Callers.currentPerson().actor())));
    }

    @GetMapping("/backups")
    List<Map<String, Object>> list() {
        return backups.list().stream().map(BackupsController::view).toList();
    }

    @PostMapping("/backups/keys")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> escrowKeys() {
        return view(call(() -> backups.escrowKeys(Callers.currentPerson().actor())));
    }

    @GetMapping("/audit/integrity/restore-epoch")
    Map<String, Object> restoreEpoch() {
        return epochs.pending().<Map<String, Object>>map(e -> Map.of("pending", true, "epochSeq", e.seq(),
                "backupId", e.event().attributes().getOrDefault("backup_id", ""))).orElseGet(() -> Map.of("pending", false));
    }

    /** The security officer accepts the restore: witnesses record the epoch and exchanges resume. */
    @PostMapping("/audit/integrity/restore-epoch/acknowledge")
    Map<String, Object> acknowledge(@Valid @RequestBody Note note) {
        return call(() -> epochs.acknowledge(Callers.currentPerson().actor(), note.text()));
    }

    record Note(@NotBlank @Size(max = 500) @Pattern(regexp = "[^\\p{Cntrl}]*") String text) {}

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (BackupException e) {
            throw switch (e.failure()) {
                case NOT_CONFIGURED -> new ApiException(ErrorCode.BACKUP_NOT_CONFIGURED);
                case USAGE -> new ApiException(ErrorCode.INVALID_STATE, "No restore epoch awaits acknowledgement.");
                default -> new ApiException(ErrorCode.BACKUP_FAILED);
            };
        }
    }

    private static Map<String, Object> view(BackupService.BackupFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("file", f.file().getFileName().toString());
        m.put("size", f.size());
        if (f.sha256() != null) {
            m.put("sha256", f.sha256());
        }
        m.put("offsite", f.offsite());
        return m;
    }
}
