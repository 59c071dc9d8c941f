package org.popgate.gateway.people;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.popgate.audit.event.Actor;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.members.MemberKind;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.members.MemberService;
import org.popgate.gateway.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * First start only (no account yet): creates the accounts people need to begin, with generated passwords
 * written to {@code <keys dir>/initial-accounts.txt}, readable only by its owner. The demo gets one account
 * per role (and the two members the bound roles need); otherwise only a security administrator.
 */
@Component
@Order(0)
class InitialAccounts implements ApplicationRunner {

    static final String FILE = "initial-accounts.txt";
    static final String DEMO_DEPARTMENT = "431128.health";
    static final String DEMO_OFFICE = "431128.migrant-office";
    /** A second migrant office (a destination, 深圳南山) so the demo can walk the migrant journey both ways. */
    static final String DEMO_DESTINATION_OFFICE = "440305.migrant-office";

    private static final Logger log = LoggerFactory.getLogger(InitialAccounts.class);

    private final AccountService accounts;
    private final MemberService memberService;
    private final MemberRegistry members;
    private final PopgateProperties properties;
    private final Actor bootstrap;

    InitialAccounts(AccountService accounts, MemberService memberService, MemberRegistry members,
            PopgateProperties properties, AuditProperties audit) {
        this.accounts = accounts;
        this.memberService = memberService;
        this.members = members;
        this.properties = properties;
        this.bootstrap = new Actor("bootstrap", "system", audit.member(), null, null);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.count() > 0) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("# popgate initial accounts: username, role, member, password. Change or disable them after first use.");
        if (properties.demo().accounts()) {
            ensureMember(DEMO_DEPARTMENT, MemberKind.DEPARTMENT);
            ensureMember(DEMO_OFFICE, MemberKind.MIGRANT_OFFICE);
            for (Role role : Role.values()) {
                String member = role == Role.REQUESTER ? DEMO_DEPARTMENT : role == Role.OFFICE_USER ? DEMO_OFFICE : null;
                lines.add(line(accounts.create(role.name().toLowerCase().replace('_', '-'), role, member, bootstrap)));
            }
            ensureMember(DEMO_DESTINATION_OFFICE, MemberKind.MIGRANT_OFFICE);
            lines.add(line(accounts.create("destination-office-user", Role.OFFICE_USER, DEMO_DESTINATION_OFFICE, bootstrap)));
        } else {
            lines.add(line(accounts.create("security-admin", Role.SECURITY_ADMIN, null, bootstrap)));
        }
        Path file = properties.keys().dir().resolve(FILE);
        write(file, lines);
        log.info("Created {} initial accounts; their passwords are in {} (readable only by its owner)",
                lines.size() - 1, file);
    }

    private void ensureMember(String name, MemberKind kind) {
        if (members.find(name).isEmpty()) {
            memberService.register(name, kind, "INTL", bootstrap);
        }
    }

    private static String line(AccountService.Created created) {
        Account a = created.account();
        return String.join("\t", a.username(), a.role().name(), a.member() == null ? "-" : a.member(),
                created.password());
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            // Created owner-only before anything is written, so the passwords are never readable by others.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial accounts file " + file, e);
        }
    }
}
