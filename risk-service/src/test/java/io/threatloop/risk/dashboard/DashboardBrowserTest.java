package io.threatloop.risk.dashboard;

import io.threatloop.testsupport.TestServers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.threatloop.contracts.Envelope;
import io.threatloop.contracts.EventCodec;
import io.threatloop.contracts.Topics;
import io.threatloop.contracts.model.ModelEvent;
import io.threatloop.contracts.model.OwnerTeamAssigned;
import io.threatloop.contracts.model.ThreatContext;
import io.threatloop.contracts.model.ThreatIdentified;
import io.threatloop.runtime.EmbeddedKeycloak;
import io.threatloop.testsupport.KafkaTestClient;
import io.threatloop.testsupport.KafkaTestResource;
import io.threatloop.testsupport.KeycloakTestResource;
import io.threatloop.testsupport.PostgresTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (Debian's headless Chromium): signs in at the real Keycloak
 * with the realm's dashboard client, shows the team's models by severity with the factors of a
 * threat, and shows a new risk change as it happens, without a reload. Saves a screenshot to
 * {@code target/surefire-reports/dashboard-live-change.png}.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KeycloakTestResource.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("threatloop.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("threatloop.chromedriver", "/usr/bin/chromedriver"));
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

    @TestHTTPResource("/dashboard/")
    URL dashboard;

    private final String team = "dash-" + UUID.randomUUID().toString().substring(0, 8);
    private final String app = "shop-" + UUID.randomUUID();
    private final String otherApp = "hr-" + UUID.randomUUID();
    private ChromeDriver browser;
    private KafkaTestClient kafka;
    private Path profile;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(CHROMIUM).as("Chromium for the dashboard test: apt-get install chromium chromium-driver"
                + " (.ci/run does), or -Dthreatloop.chromium=<path>").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver: apt-get install chromium-driver").isExecutable();
        TestServers.keycloak().admin(EmbeddedKeycloak.REALM)
                .user("dana", PASSWORD, List.of(team), List.of("viewer"))
                .allowDashboardAt(dashboard.toString());
        kafka = KafkaTestClient.recording(List.of(Topics.RISK_CHANGES));
        send(new OwnerTeamAssigned(app, 2, team, null, "test"));
        send(new OwnerTeamAssigned(otherApp, 2, "other-" + team, null, "test"));
        send(unauthenticated(app, "t-first"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !kafka.recorder()
                .matching(r -> app.equals(r.key()) && r.value().contains("t-first")).isEmpty());

        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aSignedInViewerSeesTheTeamsModelsAndANewRiskChangeAppearsWithoutReload() throws Exception {
        browser.get(dashboard.toString());

        // Keycloak's own login page, then back to the dashboard with an authorization code
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("username")).isEmpty());
        browser.findElement(By.id("username")).sendKeys("dana");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(modelRow(app)).as("the team's model in the table").isNotNull());
        assertThat(browser.getCurrentUrl()).doesNotContain("code=");
        assertThat(browser.findElement(By.id("user")).getText()).isEqualTo("dana");
        assertThat(modelRow(otherApp)).as("another team's model").isNull();
        assertThat(modelRow(app).getText()).contains("HIGH");

        // a pipeline service that does not answer (configured for these tests) is named on the page
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("pipeline")).isDisplayed());
        assertThat(browser.findElement(By.cssSelector("#pipeline-problems li[data-service='scanner-service']"))
                .getText()).contains("UNREACHABLE").contains("127.0.0.1:9");
        assertThat(browser.findElements(By.cssSelector("#pipeline-problems li[data-service='risk-service']")))
                .as("risk-service itself is ready").isEmpty();

        // drill-down: the threat's factors and what moved them
        modelRow(app).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("detail")).isDisplayed());
        WebElement threat = browser.findElement(By.cssSelector("#threats tr[data-threat-id='t-first']"));
        threat.findElement(By.tagName("summary")).click();
        assertThat(threat.getText()).contains("opportunity: 9").contains("internet-exposure")
                .contains("model-event");

        // a new risk change is pushed to the open page: no reload (the marker set on this page survives)
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
        List<String> sent = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            // until the page's stream is connected and its consumer assigned, a change may pass unseen: send another
            send(unauthenticated(otherApp, "t-other-" + sent.size()));
            String threatId = "t-live-" + sent.size();
            sent.add(threatId);
            send(unauthenticated(app, threatId));
            return sent.stream().anyMatch(id -> !browser.findElements(
                    By.cssSelector("#changes li[data-threat-id='" + id + "']")).isEmpty());
        });
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
                .as("the page was not reloaded").isEqualTo(true);
        assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live");
        assertThat(browser.findElements(By.cssSelector("#changes li[data-application-id='" + otherApp + "']")))
                .as("another team's changes").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                browser.findElements(By.cssSelector("#threats tr[data-threat-id^='t-live-']"))).isNotEmpty());

        Path screenshot = Path.of("target", "surefire-reports", "dashboard-live-change.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("[dashboard] screenshot: " + screenshot.toAbsolutePath());
    }

    private WebElement modelRow(String applicationId) {
        List<WebElement> rows = browser.findElements(
                By.cssSelector("#models tbody tr[data-application-id='" + applicationId + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static ThreatIdentified unauthenticated(String app, String threatId) {
        return new ThreatIdentified(app, 3, threatId, "API2-NO-AUTH", "Operation without authentication",
                "API2:2023", "Spoofing", "CWE-306", "GET /orders/" + threatId, List.of("no security"),
                new ThreatContext(false, "internet"), null);
    }

    private void send(ModelEvent event) {
        Envelope<?> envelope = Envelope.of(UUID.randomUUID().toString(), "/test", Instant.now(), null, null, event);
        kafka.send(Topics.THREATMODEL_EVENTS, envelope.subject(), EventCodec.encode(envelope));
    }
}
