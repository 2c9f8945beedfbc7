package io.leadsync.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Who may act through the dashboard: same-site requests; beyond loopback, only with the admin token. */
class OperatorAccessTest {

    private static final String HOST = "127.0.0.1:9876";

    @Test
    void onLoopbackASameSiteActionOrAScriptNeedsNoToken() {
        OperatorAccess access = new OperatorAccess("127.0.0.1", null);
        assertThatCode(() -> access.check(HOST, "http://127.0.0.1:9876", "http://127.0.0.1:9876/", "same-origin",
                null)).doesNotThrowAnyException();
        assertThatCode(() -> access.check(HOST, null, null, null, null)).doesNotThrowAnyException();
    }

    @Test
    void aRequestFromAnotherSiteIsRefusedEvenWithTheToken() {
        OperatorAccess access = new OperatorAccess("0.0.0.0", "s3cret-admin-token");
        assertThatThrownBy(() -> access.check(HOST, "https://evil.example", null, null, "Bearer s3cret-admin-token"))
                .isInstanceOf(OperatorAccess.Refused.class).hasMessage("cross-site request refused");
        assertThatThrownBy(() -> access.check(HOST, null, "https://evil.example/page", null,
                "Bearer s3cret-admin-token")).isInstanceOf(OperatorAccess.Refused.class);
        assertThatThrownBy(() -> access.check(HOST, null, null, "cross-site", "Bearer s3cret-admin-token"))
                .isInstanceOf(OperatorAccess.Refused.class);
        assertThatThrownBy(() -> access.check(HOST, "http://127.0.0.1:9877", null, null,
                "Bearer s3cret-admin-token")).isInstanceOf(OperatorAccess.Refused.class);
    }

    @Test
    void beyondLoopbackAnActionNeedsTheRightToken() {
        OperatorAccess access = new OperatorAccess("0.0.0.0", "s3cret-admin-token");
        assertThatCode(() -> access.check(HOST, null, null, null, "Bearer s3cret-admin-token"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> access.check(HOST, null, null, null, null))
                .isInstanceOf(OperatorAccess.Refused.class).hasMessage("admin token missing or wrong");
        assertThatThrownBy(() -> access.check(HOST, null, null, null, "Bearer s3cret-admin-tokeN"))
                .isInstanceOf(OperatorAccess.Refused.class).hasMessageNotContaining("s3cret");
    }

    @Test
    void beyondLoopbackWithoutATokenEveryActionIsOff() {
        OperatorAccess access = new OperatorAccess("0.0.0.0", " ");
        assertThatThrownBy(() -> access.check(HOST, null, null, null, "Bearer anything"))
                .isInstanceOf(OperatorAccess.Refused.class).hasMessageContaining("LEADSYNC_ADMIN_TOKEN");
    }
}
