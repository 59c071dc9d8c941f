package org.popgate.tools.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.popgate.audit.checkpoint.TimestampTrust;
import org.popgate.audit.export.ExportReport;
import org.popgate.audit.export.ExportVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Verifies an audit export offline (no gateway, no database). Exit 0: everything verified; 1: the
 * export is bad (the first bad entry is named); 2: usage error or unreadable file.
 */
@Command(name = "popgate-verify", mixinStandardHelpOptions = true,
        description = "Verify a popgate audit export offline: checkpoint signatures and timestamps, "
                + "consistency between checkpoints, and every event's inclusion proof.")
public final class VerifyCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int BAD = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "EXPORT", description = "the export file written by the gateway")
    Path export;

    @Option(names = "--expect-fingerprint", paramLabel = "SHA256",
            description = "hex SHA-256 of the audit certificate you trust (from the security officers)")
    String expectedFingerprint;

    @Option(names = "--tsa-cert", paramLabel = "FILE",
            description = "certificate (PEM or DER) of a time-stamping authority you trust; repeat for several."
                    + " Without it, a checkpoint that carries an RFC 3161 timestamp fails verification")
    List<Path> tsaCertificates = new ArrayList<>();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TimestampTrust timestampTrust;
        try {
            timestampTrust = timestampTrust();
        } catch (IOException | CertificateException e) {
            err.println("cannot read the TSA certificate: " + e.getClass().getSimpleName());
            return USAGE;
        }
        ExportReport report;
        try (Reader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            report = ExportVerifier.verify(in, expectedFingerprint, timestampTrust);
        } catch (IOException e) {
            err.println("cannot read " + export + ": " + e.getClass().getSimpleName());
            return USAGE;
        }
        out.println("audit certificate SHA-256: " + report.certificateFingerprint());
        if (expectedFingerprint == null) {
            out.println("(compare it with the fingerprint the security officers published, or pass --expect-fingerprint)");
        }
        if (!report.ok()) {
            err.println("FAILED: first bad entry: " + report.firstBadEntry().orElseThrow());
            return BAD;
        }
        report.notes().forEach(out::println);
        out.println("OK: " + report.events() + " events, " + report.checkpoints() + " checkpoints, log size "
                + report.anchorSize());
        return OK;
    }

    /** The pinned TSA certificates, or no TSA trusted (every timestamp refused) when none was given. */
    private TimestampTrust timestampTrust() throws IOException, CertificateException {
        if (tsaCertificates.isEmpty()) {
            return TimestampTrust.none();
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> pinned = new ArrayList<>();
        for (Path file : tsaCertificates) {
            try (InputStream in = Files.newInputStream(file)) {
                pinned.add((X509Certificate) factory.generateCertificate(in));
            }
        }
        return TimestampTrust.pinned(pinned);
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with these streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new VerifyCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println(ex.getMessage());
            ex.getCommandLine().usage(err);
            return USAGE;
        });
        return cl.execute(args);
    }
}
