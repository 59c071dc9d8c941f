package org.popgate.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven through chromedriver (Debian's {@code chromium} and {@code chromium-driver};
 * {@code popgate.chromium} and {@code popgate.chromedriver} override the paths). Downloads land in a temporary
 * directory; chromedriver's own log is discarded (it would echo what the test types). Screenshots are saved only
 * when {@code popgate.console.screenshots} names a directory.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path downloads;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    public static Browser start() {
        try {
            Path downloads = Files.createTempDirectory("popgate-downloads");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getProperty("popgate.chromium", "/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1360,1000", "--disable-extensions", "--no-first-run", "--lang=zh-CN");
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false, "intl.accept_languages", "zh-CN,zh"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(System.getProperty("popgate.chromedriver", "/usr/bin/chromedriver")))
                    .usingAnyFreePort()
                    .withLogOutput(OutputStream.nullOutputStream())
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.executeCdpCommand("Page.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            return new Browser(driver, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(URI uri) {
        driver.get(uri.toString());
    }

    public WebElement find(String id) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    public void type(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    /** Clicks something that stays on the page (a check box, a download button). */
    public void click(String id) {
        find(id).click();
    }

    /**
     * Clicks something that loads a new page (a form's submit button, a link) and waits until the old page is gone,
     * so that the next {@link #find} cannot return an element of the page that was just left.
     */
    public void submit(String id) {
        // A new document gets a new window object: the mark disappears once the next page has replaced this one.
        driver.executeScript("window.popgateLeaving = true;");
        find(id).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return window.popgateLeaving === undefined && document.readyState === 'complete';")));
    }

    /** Logs in through the console's form and waits for the home page. */
    public void login(TestGateway gateway, String username) {
        open(gateway.http("/console/login"));
        type("username", username);
        type("password", gateway.password(username));
        submit("login-submit");
        find("home");
    }

    public void logout() {
        submit("logout");
        find("logged-out");
    }

    /** Waits for one finished download and returns it. */
    public Path download() {
        Path[] found = new Path[1];
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                List<Path> done = files.filter(f -> !f.getFileName().toString().endsWith(".crdownload")
                        && !f.getFileName().toString().startsWith(".")).toList();
                if (done.size() == 1 && Files.size(done.get(0)) > 0) {
                    found[0] = done.get(0);
                    return true;
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        return found[0];
    }

    /** Saves a screenshot as {@code name}.png when screenshots were asked for. */
    public void screenshot(String name) {
        String dir = System.getProperty("popgate.console.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Path target = Path.of(dir).resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
