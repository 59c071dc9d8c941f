package org.popgate.tools.department;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.ca.CertificateTrust;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.json.FlatJson;
import org.popgate.crypto.pack.Expected;
import org.popgate.crypto.pack.OpenedPackage;
import org.popgate.crypto.pack.PackageReader;
import org.popgate.crypto.receipt.Receipt;
import org.popgate.crypto.receipt.Receipts;
import org.popgate.crypto.suite.CryptoSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The department's tool: opens an exchange package with the department's own key store, verifies it
 * (sender's signature and certificate, manifest, count, digest, recipient, exchange id), writes the
 * records as JSON Lines or spreadsheet-safe CSV, and writes the signed receipt the gateway expects.
 * Exit 0: opened and verified; 1: the package was refused (the reason code is printed); 2: usage error.
 *
 * <p>The key store (BCFKS or PKCS12) holds the department's {@code signing} and {@code encryption} key
 * entries and the gateway CA's certificate under {@code gateway-ca}.
 */
@Command(name = "popgate-open", mixinStandardHelpOptions = true,
        description = "Open, verify and acknowledge a popgate exchange package with the department's keys.")
public final class OpenPackageCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    /** Key-store aliases of the department's entries. */
    static final String SIGNING = "signing";
    static final String ENCRYPTION = "encryption";
    static final String GATEWAY_CA = "gateway-ca";

    @Option(names = "--package", required = true, description = "the package file (DER CMS)")
    Path packageFile;

    @Option(names = "--keystore", required = true, description = "the department's key store (.bcfks or .p12)")
    Path keyStore;

    @Option(names = "--password-file", description = "file holding the key-store password; "
            + "default: the environment variable POPGATE_KEYSTORE_PASSWORD")
    Path passwordFile;

    @Option(names = "--member", required = true, description = "this department's member name, e.g. 431128.health")
    String member;

    @Option(names = "--exchange-id", required = true, description = "the exchange id the delivery announced")
    String exchangeId;

    @Option(names = "--sender", description = "the gateway member that must have signed (default: any trusted member)")
    String sender;

    @Option(names = "--suite", defaultValue = "INTL", description = "INTL or GM (default ${DEFAULT-VALUE})")
    String suite;

    @Option(names = "--out", required = true, description = "where to write the records")
    Path out;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or csv (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--receipt", description = "where to write the signed receipt (default: <out>.receipt)")
    Path receiptFile;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpenPackageCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!format.equals("jsonl") && !format.equals("csv")) {
            stderr.println("--format is jsonl or csv");
            return USAGE;
        }
        Keys keys;
        try {
            keys = Keys.load(keyStore, password());
        } catch (IOException | GeneralSecurityException e) {
            stderr.println("cannot open the key store " + keyStore + ": wrong password or damaged file");
            return USAGE;
        }
        CryptoSuite cryptoSuite = CryptoSuite.named(suite);
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        try {
            Path spool = Files.createTempDirectory("popgate-open");
            PackageReader reader = PackageReader.of(cryptoSuite, keys.encryptionKey, keys.encryptionCertificate,
                    CertificateTrust.anchoredAt(keys.gatewayCa), spool, Clock.systemUTC());
            Receipt receipt;
            try (InputStream in = Files.newInputStream(packageFile);
                    OpenedPackage opened = reader.open(in, Expected.of(exchangeId, member, sender))) {
                try (OutputStream file = Files.newOutputStream(tmp)) {
                    write(opened.records().iterator(), file);
                }
                receipt = Receipt.of(opened.manifest(), Clock.systemUTC().instant());
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path receiptPath = receiptFile != null ? receiptFile : out.resolveSibling(out.getFileName() + ".receipt");
            Files.writeString(receiptPath, Receipts.sign(receipt, cryptoSuite, keys.signingKey, keys.signingCertificate),
                    StandardCharsets.UTF_8);
            stdout.println("verified: exchange " + receipt.exchangeId() + " from " + receipt.sender() + ", "
                    + receipt.recordCount() + " records");
            stdout.println("records: " + out);
            stdout.println("receipt: " + receiptPath + " (send it back to the gateway to close the exchange)");
            return OK;
        } catch (CryptoException e) {
            deleteQuietly(tmp);
            stderr.println("REFUSED: " + e.code().code() + ": " + e.getMessage());
            return REFUSED;
        } catch (IOException | IllegalArgumentException e) {
            deleteQuietly(tmp);
            stderr.println("FAILED: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return REFUSED;
        }
    }

    private void write(Iterator<String> records, OutputStream file) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8));
        if (format.equals("jsonl")) {
            while (records.hasNext()) {
                writer.write(records.next());
                writer.write('\n');
            }
        } else {
            // A byte-order mark so that spreadsheets read the UTF-8 (Chinese names) correctly.
            writer.write('\uFEFF');
            SafeCsv csv = new SafeCsv(writer);
            List<String> columns = null;
            long n = 0;
            while (records.hasNext()) {
                n++;
                Map<String, Object> fields;
                try {
                    fields = FlatJson.parse(records.next());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("record " + n + " is not a flat JSON object (" + e.getMessage() + ")");
                }
                if (columns == null) {
                    columns = List.copyOf(fields.keySet());
                    csv.row(columns);
                } else if (!columns.containsAll(fields.keySet())) {
                    throw new IllegalArgumentException("record " + n + " has fields the first record lacks");
                }
                List<String> row = new ArrayList<>(columns.size());
                for (String column : columns) {
                    Object value = fields.get(column);
                    row.add(value == null ? null : value instanceof java.math.BigDecimal number ? number.toPlainString() : value.toString());
                }
                csv.row(row);
            }
        }
        writer.flush();
    }

    private char[] password() throws IOException {
        if (passwordFile != null) {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
        }
        String env = System.getenv("POPGATE_KEYSTORE_PASSWORD");
        if (env == null) {
            throw new IOException("no key-store password: give --password-file or set POPGATE_KEYSTORE_PASSWORD");
        }
        return env.toCharArray();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // nothing more to do: the partial file is named .part
        }
    }

    /** The department's keys from its key store. */
    record Keys(PrivateKey signingKey, X509Certificate signingCertificate, PrivateKey encryptionKey,
            X509Certificate encryptionCertificate, X509Certificate gatewayCa) {

        static Keys load(Path file, char[] password) throws IOException, GeneralSecurityException {
            String type = file.getFileName().toString().endsWith(".p12") ? "PKCS12" : "BCFKS";
            KeyStore ks = KeyStore.getInstance(type, BouncyCastle.provider());
            try (InputStream in = Files.newInputStream(file)) {
                ks.load(in, password);
            }
            return new Keys((PrivateKey) ks.getKey(SIGNING, password), (X509Certificate) ks.getCertificate(SIGNING),
                    (PrivateKey) ks.getKey(ENCRYPTION, password), (X509Certificate) ks.getCertificate(ENCRYPTION),
                    (X509Certificate) ks.getCertificate(GATEWAY_CA));
        }
    }
}
