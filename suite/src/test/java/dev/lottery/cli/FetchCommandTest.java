package dev.lottery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.LockFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lottery fetch} end to end: a project in a temp folder, its artifact served on 127.0.0.1. */
class FetchCommandTest {

    static final Path PROJECT = Path.of(System.getProperty("lottery.home", ".."));
    static final Path FIXTURE = Path.of("src/test/resources/checkpoints/plain.pth");

    @TempDir
    Path home;

    HttpServer server;
    String previousHome;

    @BeforeEach
    void setUp() throws IOException {
        byte[] body = Files.readAllBytes(FIXTURE);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/dino/dino.pth", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path dir = Catalog.catalogDir(home);
        Files.createDirectories(dir);
        for (String f : new String[] {"routines.csv", "preprocessing.csv"}) {
            Files.copy(Catalog.catalogDir(PROJECT).resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("frameworks.csv"), """
                id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
                dino,DINO,distillation,checkpoint,2,,http://127.0.0.1:%d/dino/dino.pth,,dino,imagenet,dino,
                """.formatted(server.getAddress().getPort()));
        Files.writeString(dir.resolve(LockFile.FILE_NAME), "# test lock\nframework,file,sha256,bytes,recorded\n"
                + "dino,dino.pth,unknown,,\n");
        previousHome = System.getProperty("lottery.home");
        System.setProperty("lottery.home", home.toString());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        System.setProperty("lottery.home", previousHome != null ? previousHome : "");
    }

    private String fetch(int expectedStatus) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(Main.execute("fetch", "--checkpoints", home.resolve("ckpt").toString()))
                    .as(out.toString(StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void firstFetchRecordsTheDigestThenVerifiesItAndAMismatchIsRefused() throws IOException {
        String sha = dev.lottery.backbone.checkpoint.Fetcher.sha256(FIXTURE);
        String first = fetch(0);
        assertThat(first).contains("digest was unknown; RECORDED (not verified) " + sha);
        assertThat(Files.readString(LockFile.path(home))).startsWith("# test lock").contains("dino,dino.pth," + sha);
        assertThat(home.resolve("ckpt/dino/dino.pth")).hasSameBinaryContentAs(FIXTURE);
        assertThat(Catalog.frameworks(home).get("dino").sha256()).isEqualTo(sha);

        assertThat(fetch(0)).contains("dino: verified " + sha).contains("already present");

        Files.writeString(LockFile.path(home), Files.readString(LockFile.path(home)).replace(sha, "e".repeat(64)));
        Files.delete(home.resolve("ckpt/dino/dino.pth"));
        assertThat(fetch(1)).contains("FAILED: SHA-256 mismatch").contains("e".repeat(64)).contains(sha);
        assertThat(home.resolve("ckpt/dino/dino.pth")).doesNotExist();
    }
}
