package org.popgate.gateway.pulls;

import java.util.Arrays;
import java.util.List;
import org.popgate.crypto.column.ColumnCipher;

/** Explicit ID lists of pulls, kept encrypted at rest (AES-256-GCM bound to the pull id) and deleted at close. */
final class PullIdLists {

    private final PullRepository pulls;
    private final ColumnCipher cipher;

    PullIdLists(PullRepository pulls, ColumnCipher cipher) {
        this.pulls = pulls;
        this.cipher = cipher;
    }

    void store(String pullId, List<String> normalisedIds) {
        pulls.insertIdList(pullId, cipher.encryptString("pull_id_list", "ids_enc", pullId, String.join("\n", normalisedIds)));
    }

    List<String> read(String pullId) {
        byte[] stored = pulls.idList(pullId).orElse(null);
        if (stored == null) {
            return List.of();
        }
        return Arrays.asList(cipher.decryptString("pull_id_list", "ids_enc", pullId, stored).split("\n"));
    }

    void delete(String pullId) {
        pulls.deleteIdList(pullId);
    }
}
