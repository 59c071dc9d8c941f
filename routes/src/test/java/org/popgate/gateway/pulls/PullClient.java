package org.popgate.gateway.pulls;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.popgate.crypto.json.FlatJson;
import org.popgate.gateway.support.TestGateway;
import org.popgate.tools.department.OpenPackageCommand;
import org.springframework.jms.core.JmsTemplate;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * A department and the population office using a test gateway's pull API as people and systems do: REST calls as
 * named accounts, packages taken off the member's Artemis queue and opened with the department tool.
 */
final class PullClient {

    static final String GATEWAY = "431128.popgate";

    private final TestGateway gateway;
    private final Path work;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    PullClient(TestGateway gateway, Path work) {
        this.gateway = gateway;
        this.work = work;
    }

    JsonNode file(String requester, Map<String, Object> body) {
        TestGateway.Response filed = post(requester, "/api/v1/pulls", body);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        return filed.json();
    }

    TestGateway.Response post(String user, String path, Object body) {
        return gateway.send(as(user, path).header("Content-Type", "application/json").POST(TestGateway.json(body)).build());
    }

    TestGateway.Response get(String user, String path) {
        return gateway.send(as(user, path).GET().build());
    }

    HttpRequest.Builder as(String user, String path) {
        String password = passwords.containsKey(user) ? passwords.get(user) : gateway.password(user);
        return HttpRequest.newBuilder(gateway.http(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    void createAccount(String username, String role, String member) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("role", role);
        if (member != null) {
            body.put("member", member);
        }
        TestGateway.Response created = gateway.send(gateway.as("security-admin", "/api/v1/accounts")
                .header("Content-Type", "application/json").POST(TestGateway.json(body)).build());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        passwords.put(username, created.json().get("initialPassword").asString());
    }


    static void assertRefused(TestGateway.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }


    /** The package message of the exchange, or null; its body read inside the session (Artemis streams large ones). */
    Delivered receive(String member, String exchangeId, long timeoutMillis) {
        JmsTemplate jms = new JmsTemplate(gateway.bean(ConnectionFactory.class));
        return jms.execute(session -> {
            try (MessageConsumer consumer = session.createConsumer(session.createQueue("popgate.pull." + member),
                    "popgate_exchange = '" + exchangeId + "'")) {
                Message message = consumer.receive(timeoutMillis);
                if (message == null) {
                    return null;
                }
                BytesMessage bytes = (BytesMessage) message;
                byte[] body = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(body);
                return new Delivered(bytes.getStringProperty("popgate_sender"), body);
            }
        }, true);
    }

    private record Delivered(String sender, byte[] body) {}

    byte[] takeFromQueue(String member, String exchangeId) {
        Delivered delivered = receive(member, exchangeId, 10_000);
        assertThat(delivered).isNotNull();
        assertThat(delivered.sender()).isEqualTo(GATEWAY);
        return delivered.body();
    }

    /** Takes the package off the member's queue and opens it with the department tool, as the department would. */
    Path openFromQueue(String member, String exchangeId, DepartmentKeyStores.Written keys) throws Exception {
        return open(takeFromQueue(member, exchangeId), member, exchangeId, keys);
    }

    /** Opens a package (however it arrived) with the department tool; the signed receipt lands beside the records. */
    Path open(byte[] packageBytes, String member, String exchangeId, DepartmentKeyStores.Written keys) throws Exception {
        Path dir = Files.createTempDirectory(work, "open-");
        Path packageFile = dir.resolve(exchangeId + ".p7m");
        Files.write(packageFile, packageBytes);
        Path out = dir.resolve("records.jsonl");
        StringWriter output = new StringWriter();
        CommandLine tool = new CommandLine(new OpenPackageCommand());
        tool.setOut(new PrintWriter(output));
        tool.setErr(new PrintWriter(output));
        int exit = tool.execute("--package", packageFile.toString(), "--keystore", keys.keyStore().toString(),
                "--password-file", keys.passwordFile().toString(), "--member", member, "--exchange-id", exchangeId,
                "--sender", GATEWAY, "--out", out.toString());
        assertThat(exit).as(output.toString()).isZero();
        return out;
    }


    List<Map<String, Object>> jsonLines(Path file) {
        try {
            List<Map<String, Object>> records = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                records.add(FlatJson.parse(line));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
