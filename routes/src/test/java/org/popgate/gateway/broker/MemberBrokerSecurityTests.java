package org.popgate.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which destination names are a member's own. */
class MemberBrokerSecurityTests {

    private static final String POLICE = "431128.police";

    @Test
    void ownDestinationsArePopgateThenOneWordThenTheMemberName() {
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.431128.police")).isTrue();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.receipts.431128.police")).isTrue();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.431128.police::popgate.pull.431128.police"))
                .isTrue();
    }

    @Test
    void thePullReceiptsQueueIsSendOnlyForEveryMember() {
        assertThat(MemberBrokerSecurity.mayOnlySendTo("popgate.pull.receipts")).isTrue();
        assertThat(MemberBrokerSecurity.mayOnlySendTo("popgate.pull.receipts::popgate.pull.receipts")).isTrue();
        assertThat(MemberBrokerSecurity.mayOnlySendTo("popgate.pull.receipts::other")).isFalse();
        assertThat(MemberBrokerSecurity.mayOnlySendTo("popgate.pull.431128.health")).isFalse();
        // Reading it is nobody's but the gateway's: it is not any member's own destination.
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.receipts")).isFalse();
    }

    @Test
    void everythingElseIsNot() {
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.431128.health")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.431128.police")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate..431128.police")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.a.b.431128.police")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.431128.police.x")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.9431128.police")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "other.pull.431128.police")).isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.431128.police::popgate.pull.431128.health"))
                .isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "popgate.pull.431128.health::popgate.pull.431128.police"))
                .isFalse();
        assertThat(MemberBrokerSecurity.mayUse(POLICE, "activemq.management")).isFalse();
    }
}
