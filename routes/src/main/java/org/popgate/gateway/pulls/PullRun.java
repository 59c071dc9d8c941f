package org.popgate.gateway.pulls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.popgate.adapters.population.FieldRule;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PullField;
import org.popgate.adapters.population.RecordMinimiser;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.crypto.pack.Manifest;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * One execution of a pull as it moves through the route: what was approved and for whom, then what each step
 * set up or measured. The body of the pull route's exchange.
 */
final class PullRun {

    final Pull pull;
    final Actor actor;
    final CryptoSuite suite;
    final X509Certificate recipientCertificate;
    final Map<PullField, FieldRule> rules;
    final Path packageFile;
    final boolean folderDrop;
    final boolean kafka;

    /** select: pushes the selected persons (streamed from the database) into a consumer; returns how many. */
    Function<Consumer<PersonRecord>, Long> source;
    /** minimise + pseudonymise: one person to its JSON line (UTF-8 bytes) for this recipient, or withheld. */
    RecordMinimiser minimiser;
    /** The canaries of this package, or null when off. */
    Canaries.Plan canaries;

    long selected;
    long records;
    int canaryCount;
    int keyVersion;
    Manifest manifest;
    SubjectIndex subjects;

    PullRun(Pull pull, Actor actor, CryptoSuite suite, X509Certificate recipientCertificate,
            Map<PullField, FieldRule> rules, Path packageFile, boolean folderDrop, boolean kafka) {
        this.pull = pull;
        this.actor = actor;
        this.suite = suite;
        this.recipientCertificate = recipientCertificate;
        this.rules = rules;
        this.packageFile = packageFile;
        this.folderDrop = folderDrop;
        this.kafka = kafka;
    }

    /** Whether the package goes to a folder rather than to the member's queue (used by the route's choice). */
    public boolean isFolderDrop() {
        return folderDrop;
    }

    /** Whether the package goes to the member's Kafka topic rather than its Artemis queue (the route's choice). */
    public boolean isKafka() {
        return kafka;
    }
}
