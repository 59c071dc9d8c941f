package org.popgate.audit.export;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.checkpoint.TimestampTrust;
import org.popgate.audit.checkpoint.Timestamps;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.merkle.Merkle;

/**
 * Verifies an {@link AuditExport} document with nothing but its contents (and optionally the
 * expected certificate fingerprint): checkpoint signatures and timestamps, consistency between
 * successive checkpoints, each event's strict decoding and inclusion in the last checkpoint, and
 * each subject list against its event's digest. Stops at and names the first bad entry.
 */
public final class ExportVerifier {

    private ExportVerifier() {}

    /**
     * {@code expectedFingerprint}: hex SHA-256 of the trusted audit certificate, or null to report it only.
     * Trusts no TSA: an export whose checkpoints carry RFC 3161 tokens fails (see the overload).
     */
    public static ExportReport verify(Reader in, String expectedFingerprint) {
        return verify(in, expectedFingerprint, TimestampTrust.none());
    }

    /** As {@link #verify(Reader, String)}, accepting checkpoint timestamps only from the TSAs {@code timestampTrust} pins. */
    public static ExportReport verify(Reader in, String expectedFingerprint, TimestampTrust timestampTrust) {
        State s = new State(timestampTrust);
        try {
            s.run(new BufferedReader(in), expectedFingerprint);
        } catch (Bad b) {
            return s.report(Optional.of(b.getMessage()));
        } catch (IOException e) {
            return s.report(Optional.of("line " + s.line + ": unreadable (" + e.getClass().getSimpleName() + ")"));
        }
        return s.report(Optional.empty());
    }

    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private static final class State {
        private final TimestampTrust timestampTrust;

        State(TimestampTrust timestampTrust) {
            this.timestampTrust = timestampTrust;
        }

        int line;
        String fingerprint = "";
        int checkpointCount;
        int eventCount;
        SignedCheckpoint anchor;
        AuditSuite suite;
        final List<String> notes = new ArrayList<>();

        ExportReport report(Optional<String> bad) {
            return new ExportReport(bad, fingerprint, checkpointCount, eventCount, anchor == null ? 0 : anchor.size(), notes);
        }

        private String[] next(BufferedReader r, String keyword, int fields) throws IOException, Bad {
            String l = r.readLine();
            line++;
            if (l == null) {
                throw new Bad("line " + line + ": export ends early, expected '" + keyword + "'");
            }
            String[] parts = l.split(" ", -1);
            if (!parts[0].equals(keyword) || parts.length != fields) {
                throw new Bad("line " + line + ": expected '" + keyword + "' with " + (fields - 1) + " fields");
            }
            return parts;
        }

        void run(BufferedReader r, String expectedFingerprint) throws IOException, Bad {
            next(r, AuditExport.HEADER, 1);
            String suiteName = next(r, "suite", 2)[1];
            try {
                suite = AuditSuite.valueOf(suiteName);
            } catch (IllegalArgumentException e) {
                throw new Bad("line " + line + ": unknown suite");
            }
            String origin = next(r, "origin", 2)[1];
            X509Certificate cert = certificate(next(r, "certificate", 2)[1]);
            if (expectedFingerprint != null && !expectedFingerprint.equalsIgnoreCase(fingerprint.replace(":", ""))) {
                throw new Bad("line " + line + ": audit certificate is not the expected one (fingerprint " + fingerprint + ")");
            }
            CheckpointVerifier verifier;
            try {
                verifier = new CheckpointVerifier(suite, origin, origin, cert.getPublicKey());
            } catch (AuditException e) {
                throw new Bad("line " + line + ": " + e.getMessage());
            }
            String l;
            List<String[]> pendingEvents = new ArrayList<>();
            while (true) {
                l = r.readLine();
                line++;
                if (l == null) {
                    throw new Bad("line " + line + ": export ends without 'end' (truncated?)");
                }
                String[] p = l.split(" ", -1);
                if (p[0].equals("checkpoint") && eventCount == 0) {
                    checkpoint(verifier, p);
                } else if (p[0].equals("event")) {
                    event(p);
                } else if (p[0].equals("subjects")) {
                    subjects(p);
                } else if (p[0].equals("end") && p.length == 1) {
                    break;
                } else {
                    throw new Bad("line " + line + ": unexpected record '" + p[0] + "'");
                }
            }
            if (r.readLine() != null) {
                throw new Bad("line " + (line + 1) + ": data after 'end'");
            }
            if (anchor == null) {
                throw new Bad("line " + line + ": export has no checkpoint");
            }
            notes.add("verified " + eventCount + " events against checkpoint of size " + anchor.size()
                    + " (" + checkpointCount + " checkpoints, consistent)");
        }

        private X509Certificate certificate(String b64) throws Bad {
            try {
                byte[] der = Base64.getDecoder().decode(b64);
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", AuditSuite.bc())
                        .generateCertificate(new ByteArrayInputStream(der));
                fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
                return cert;
            } catch (IllegalArgumentException | CertificateException | NoSuchAlgorithmException e) {
                throw new Bad("line " + line + ": audit certificate unreadable");
            }
        }

        private SignedCheckpoint previous;
        private long lastSeq = -1;
        private AuditEvent lastEvent;
        private long lastEventSeq = -1;
        private boolean lastHadSubjects;

        void checkpoint(CheckpointVerifier verifier, String[] p) throws Bad {
            String what = "line " + line + " (checkpoint " + (checkpointCount + 1) + ")";
            if (p.length != 4) {
                throw new Bad(what + ": expected note, token and proof");
            }
            SignedCheckpoint cp;
            String note;
            try {
                note = new String(Base64.getDecoder().decode(p[1]), StandardCharsets.UTF_8);
                cp = verifier.verify(note);
            } catch (IllegalArgumentException e) {
                throw new Bad(what + ": note is not base64");
            } catch (AuditException e) {
                throw new Bad(what + ": " + e.getMessage());
            }
            if (!p[2].equals("-")) {
                try {
                    notes.add("checkpoint of size " + cp.size() + " timestamped at "
                            + Timestamps.verify(Base64.getDecoder().decode(p[2]), note, timestampTrust));
                } catch (IllegalArgumentException e) {
                    throw new Bad(what + ": timestamp is not base64");
                } catch (AuditException e) {
                    throw new Bad(what + ": " + e.getMessage());
                }
            }
            List<byte[]> proof = proof(p[3], what);
            if (previous != null) {
                if (cp.size() <= previous.size()) {
                    throw new Bad(what + ": checkpoints not in increasing size");
                }
                if (!Merkle.verifyConsistency(suite, previous.size(), cp.size(), previous.root(), cp.root(), proof)) {
                    throw new Bad(what + ": not consistent with the previous checkpoint (size " + previous.size() + ")");
                }
            } else if (!proof.isEmpty()) {
                throw new Bad(what + ": first checkpoint carries a consistency proof");
            }
            previous = cp;
            anchor = cp;
            checkpointCount++;
        }

        void event(String[] p) throws Bad {
            String what = "line " + line + " (event " + (p.length > 1 ? "seq " + p[1] : "?") + ")";
            if (anchor == null) {
                throw new Bad(what + ": event before any checkpoint");
            }
            if (p.length != 4) {
                throw new Bad(what + ": expected seq, bytes and proof");
            }
            long seq;
            byte[] leaf;
            try {
                seq = Long.parseLong(p[1]);
                leaf = Base64.getDecoder().decode(p[2]);
            } catch (IllegalArgumentException e) {
                throw new Bad(what + ": malformed sequence number or bytes");
            }
            if (seq <= lastSeq) {
                throw new Bad(what + ": events not in increasing sequence");
            }
            try {
                lastEvent = CanonicalEncoding.decode(leaf);
            } catch (AuditException e) {
                throw new Bad(what + ": " + e.getMessage());
            }
            if (!Merkle.verifyInclusion(suite, seq, anchor.size(), Merkle.leafHash(suite, leaf), proof(p[3], what),
                    anchor.root())) {
                throw new Bad(what + ": inclusion proof does not verify against the checkpoint of size " + anchor.size());
            }
            lastSeq = seq;
            lastEventSeq = seq;
            lastHadSubjects = false;
            eventCount++;
        }

        void subjects(String[] p) throws Bad {
            String what = "line " + line + " (subjects of seq " + (p.length > 1 ? p[1] : "?") + ")";
            if (p.length != 3 || lastEvent == null || !p[1].equals(Long.toString(lastEventSeq)) || lastHadSubjects) {
                throw new Bad(what + ": subjects must follow their event once");
            }
            byte[] packed;
            try {
                packed = Base64.getDecoder().decode(p[2]);
            } catch (IllegalArgumentException e) {
                throw new Bad(what + ": not base64");
            }
            if (packed.length % 32 != 0 || packed.length / 32 != lastEvent.subjectCount()) {
                throw new Bad(what + ": subject count differs from the event's");
            }
            var md = SubjectIndex.start(suite, lastEvent.subjectCount());
            md.update(packed);
            if (!new Digest(md.digest()).equals(lastEvent.subjectDigest())) {
                throw new Bad(what + ": subject hashes do not match the event's digest");
            }
            lastHadSubjects = true;
        }

        private List<byte[]> proof(String field, String what) throws Bad {
            List<byte[]> out = new ArrayList<>();
            if (field.equals("-")) {
                return out;
            }
            try {
                for (String h : field.split(",", -1)) {
                    byte[] v = Base64.getDecoder().decode(h);
                    if (v.length != 32) {
                        throw new Bad(what + ": proof hash of wrong length");
                    }
                    out.add(v);
                }
            } catch (IllegalArgumentException e) {
                throw new Bad(what + ": proof is not base64");
            }
            return out;
        }
    }
}
