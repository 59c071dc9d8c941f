package org.popgate.crypto.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.suite.CryptoSuite;

/** Proof that packages are standard CMS: the OpenSSL command line decrypts and verifies an INTL package. */
class OpenSslInteropTests {

    @TempDir
    Path dir;

    @Test
    void opensslDecryptsAndVerifiesAnIntlPackage() throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl is not on PATH");
        PackageFixture f = new PackageFixture(CryptoSuite.INTL, dir.resolve("spool"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.writer(f.police, f.archive).write(f.header("ex-ossl"), PackageFixture.records(25), out);
        Files.write(dir.resolve("package.p7m"), out.toByteArray());
        pem(dir.resolve("recipient.pem"), f.police.encryptionCertificate());
        pem(dir.resolve("recipient.key"), new JcaPKCS8Generator(f.police.encryption().getPrivate(), null).generate());
        pem(dir.resolve("ca.pem"), f.ca.certificate());

        run("openssl", "cms", "-decrypt", "-inform", "DER", "-in", "package.p7m", "-recip", "recipient.pem",
                "-inkey", "recipient.key", "-out", "signed.der");
        run("openssl", "cms", "-verify", "-inform", "DER", "-in", "signed.der", "-CAfile", "ca.pem",
                "-purpose", "any", "-out", "records.jsonl");

        String expected = IntStream.range(0, 25).mapToObj(PackageFixture::record).map(r -> r + "\n")
                .collect(Collectors.joining());
        assertThat(Files.readString(dir.resolve("records.jsonl"), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
    }

    private static void pem(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Files.writeString(file, text.toString());
    }

    private static boolean onPath(String program) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
