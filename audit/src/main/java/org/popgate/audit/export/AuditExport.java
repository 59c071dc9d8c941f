package org.popgate.audit.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.StoredCheckpoint;
import org.popgate.audit.store.StoredRow;

/**
 * Writes evidence that verifies offline ({@link ExportVerifier}, the {@code tools} verifier): a UTF-8
 * text document, one record per line, fields separated by one space, binary values in base64:
 *
 * <pre>
 * popgate-audit-export/1
 * suite INTL|GM
 * origin &lt;log origin = checkpoint key name&gt;
 * certificate &lt;DER X.509 audit certificate&gt;
 * checkpoint &lt;signed note&gt; &lt;RFC 3161 token | -&gt; &lt;consistency proof from the previous checkpoint: hashes joined by ',' | -&gt;
 * event &lt;seq&gt; &lt;canonical event bytes&gt; &lt;inclusion proof in the last checkpoint: hashes joined by ',' | -&gt;
 * subjects &lt;seq&gt; &lt;the event's subject hashes, concatenated&gt;      (optional, right after its event)
 * end
 * </pre>
 *
 * Checkpoints come in increasing size; the last one anchors every inclusion proof. Included are the
 * first stored checkpoint covering each exported event and the latest checkpoint.
 */
public final class AuditExport {

    static final String HEADER = "popgate-audit-export/1";

    private AuditExport() {}

    /** Exports these events (by sequence number) with their subject indexes. */
    public static void write(AuditLog log, CheckpointVerifier verifier, X509Certificate certificate, List<Long> seqs,
            boolean withSubjects, Writer out) {
        TreeSet<Long> wanted = new TreeSet<>(seqs);
        List<StoredCheckpoint> stored = log.store().checkpoints();
        if (stored.isEmpty()) {
            throw new AuditException(AuditErrorCode.EXPORT_INVALID, "no checkpoint to anchor the export");
        }
        TreeMap<Long, SignedCheckpoint> chosen = new TreeMap<>();
        SignedCheckpoint anchor = verifier.verify(stored.get(stored.size() - 1).note());
        if (!wanted.isEmpty() && wanted.last() >= anchor.size()) {
            throw new AuditException(AuditErrorCode.EXPORT_INVALID, "event " + wanted.last() + " is not yet covered by a checkpoint");
        }
        if (anchor.size() > log.head().size()) {
            throw new AuditException(AuditErrorCode.EXPORT_INVALID, "latest checkpoint is larger than the log");
        }
        chosen.put(anchor.size(), anchor);
        for (Long seq : wanted) {
            for (StoredCheckpoint s : stored) {
                if (s.treeSize() > seq) {
                    chosen.putIfAbsent(s.treeSize(), verifier.verify(s.note()));
                    break;
                }
            }
        }
        Base64.Encoder b64 = Base64.getEncoder();
        try {
            out.write(HEADER + "\n");
            out.write("suite " + verifier.suite().name() + "\n");
            out.write("origin " + verifier.origin() + "\n");
            out.write("certificate " + b64.encodeToString(certificate.getEncoded()) + "\n");
            long previous = 0;
            for (SignedCheckpoint cp : chosen.values()) {
                byte[] token = stored.stream().filter(s -> s.note().equals(cp.note())).map(StoredCheckpoint::timestampToken)
                        .filter(t -> t != null).findFirst().orElse(null);
                out.write("checkpoint " + b64.encodeToString(cp.note().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        + " " + (token == null ? "-" : b64.encodeToString(token))
                        + " " + hashes(previous == 0 ? List.of() : log.consistencyProof(previous, cp.size())) + "\n");
                previous = cp.size();
            }
            for (Long seq : wanted) {
                List<StoredRow> rows = log.store().query(
                        org.popgate.audit.store.AuditQuery.all().page(seq - 1, 1));
                if (rows.isEmpty() || rows.get(0).seq() != seq) {
                    throw new AuditException(AuditErrorCode.EXPORT_INVALID, "event " + seq + " not found");
                }
                out.write("event " + seq + " " + b64.encodeToString(rows.get(0).leaf()) + " "
                        + hashes(log.inclusionProof(seq, anchor.size())) + "\n");
                if (withSubjects) {
                    List<byte[]> subjects = log.store().subjects(seq);
                    if (!subjects.isEmpty()) {
                        byte[] packed = new byte[subjects.size() * 32];
                        for (int i = 0; i < subjects.size(); i++) {
                            System.arraycopy(subjects.get(i), 0, packed, i * 32, 32);
                        }
                        out.write("subjects " + seq + " " + b64.encodeToString(packed) + "\n");
                    }
                }
            }
            out.write("end\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateEncodingException e) {
            throw new AuditException(AuditErrorCode.EXPORT_INVALID, "audit certificate cannot be encoded", e);
        }
    }

    static String hashes(List<byte[]> proof) {
        if (proof.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (byte[] h : proof) {
            parts.add(Base64.getEncoder().encodeToString(h));
        }
        return String.join(",", parts);
    }
}
