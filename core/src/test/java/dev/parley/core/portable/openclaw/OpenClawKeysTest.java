package dev.parley.core.portable.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.key.SessionKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OpenClawKeysTest {

    @ParameterizedTest
    @CsvSource({
            "agent:main:telegram:dm:123, agent:main:telegram:direct:123",
            "agent:work:slack:dm:account2:U12345, agent:work:slack:account2:direct:u12345",
            "agent:main:telegram:group:-100:topic42, agent:main:telegram:group:-100:topic:42",
            "agent:main:discord:group:c1:thread9, agent:main:discord:group:c1:thread:9",
            "agent:main:main, agent:main:main",
            "agent:main:subagent:3f2a9c1e, agent:main:subagent:3f2a9c1e"})
    void keysMapBothWays(String parley, String openclaw) {
        SessionKey key = SessionKey.parse(parley, "main");
        assertThat(OpenClawKeys.toOpenClaw(key)).isEqualTo(openclaw);
        SessionKey back = OpenClawKeys.toParley(openclaw, "main", null).key();
        assertThat(back.format()).isEqualTo(parley.replace("U12345", "u12345"));
        assertThat(OpenClawKeys.toParley(openclaw, "main", parley).key()).isEqualTo(key);
    }

    @Test
    void caseIsLostOnTheWayInAndSaidSo() {
        OpenClawKeys.Mapped m = OpenClawKeys.toParley("agent:Main:Telegram:direct:ABC", "main", null);
        assertThat(m.key().format()).isEqualTo("agent:main:telegram:dm:ABC");
        assertThat(m.reasons()).isNotEmpty();
    }

    @Test
    void keysWithoutAParleyFormAreRefused() {
        assertThatThrownBy(() -> OpenClawKeys.toParley("agent:main:cron:nightly", "main", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OpenClawKeys.toParley("main", "ops", null).key().format()).isEqualTo("agent:ops:main");
    }
}
