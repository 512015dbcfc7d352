package dev.parley.app.metrics;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SPEC §14's meters at {@code /q/metrics}, in Prometheus text format. */
@QuarkusTest
class MetricsTest {

    @Inject
    ParleyMetrics metrics;

    @Inject
    StoreMetrics storeMetrics;

    @Test
    void coreCountersAreExportedAndMoveWithAnAppend() {
        double before = value(scrape(), "parley_appends_total");
        call("sessions.append", "{\"sessionKey\":\"" + freshKey() + "\",\"entries\":[" + message("user", "Hi") + ","
                + message("assistant", "Hello") + "]}");
        String text = scrape();

        assertThat(value(text, "parley_appends_total")).isGreaterThanOrEqualTo(before + 1);
        assertThat(value(text, "parley_append_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "parley_append_seconds_sum")).isGreaterThan(0);
        assertThat(text).contains("parley_fsync_seconds_count", "parley_fsync_seconds_sum",
                "parley_torn_tail_total", "parley_lock_waits_total", "parley_lock_timeouts_total",
                "parley_lock_stale_takeovers_total", "parley_queue_depth");
    }

    @Test
    void sessionCountsPerStateComeFromTheLastRefresh() {
        call("sessions.append", "{\"sessionKey\":\"" + freshKey() + "\",\"entries\":[" + message("user", "Hi") + "]}");
        storeMetrics.refreshSessions();
        String text = scrape();

        assertThat(value(text, "parley_sessions{state=\"active\"}")).isGreaterThanOrEqualTo(1);
        assertThat(text).contains("parley_sessions{state=\"archived\"}", "parley_sessions{state=\"expired\"}");
    }

    @Test
    void appCountedMetersAppearWithTheirTags() {
        metrics.compaction("auto", "compacted");
        metrics.compaction("auto", "compacted");
        metrics.compaction("prune", "failed");
        metrics.inboundDropped("not-allowed");
        metrics.reset("daily");
        metrics.queueDepth(() -> 3);
        String text = scrape();

        assertThat(value(text, "parley_compactions_total{outcome=\"compacted\",strategy=\"auto\"}")).isEqualTo(2);
        assertThat(value(text, "parley_compactions_total{outcome=\"failed\",strategy=\"prune\"}")).isEqualTo(1);
        assertThat(value(text, "parley_inbound_dropped_total{reason=\"not-allowed\"}")).isEqualTo(1);
        assertThat(value(text, "parley_resets_total{reason=\"daily\"}")).isEqualTo(1);
        assertThat(value(text, "parley_queue_depth")).isEqualTo(3);
        metrics.queueDepth(() -> 0);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the sample line that starts with {@code series} (a name, with its labels if any). */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*})? ([0-9.eE+-]+)").matcher(text);
        assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
