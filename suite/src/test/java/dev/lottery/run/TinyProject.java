package dev.lottery.run;

import dev.lottery.data.ClassList;
import dev.lottery.data.ShardWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A complete project home built in a temp folder: declarations, a tiny three-class dataset in
 * tar shards (16x16 gray images: a bar whose position encodes the class, plus noise), and
 * expectations. Small enough for a whole run to take seconds.
 */
final class TinyProject {

    static final String EXPECTED_HEADER = "framework,variant,metric,expected,tolerance,source\n";

    private TinyProject() {}

    static Path create(Path home, String expectations, boolean corruptOneValImage) throws IOException {
        write(home, "suite/catalog/routines.csv", """
                id,optimizer,lr,momentum,nesterov,weight_decay,schedule,milestones,gamma,warmup_epochs,epochs,batch_size,lars_trust,source
                fast,SGD,0.05,0.9,false,1e-6,cosine,,0.1,0,20,32,0,test routine
                """);
        write(home, "suite/catalog/preprocessing.csv", """
                id,resize_shorter,crop,interpolation,mean,std,channels,source
                gray,0,0,bilinear,0.5,0.5,1,test
                rgb,0,0,bilinear,0.5 0.5 0.5,0.5 0.5 0.5,3,test
                """);
        write(home, "suite/catalog/frameworks.csv", """
                id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
                pixels,Pixels,baseline,pixels,,,,,,gray,fast,
                random-resnet,Random ResNet,baseline,random-resnet,2,0,,,,rgb,fast,
                """);
        write(home, "suite/catalog/suites/tiny.properties", """
                description=tiny test suite
                datasets=datasets/tiny/variants.csv
                train=train
                frameworks=pixels,random-resnet
                variants=val,shift
                reference=val
                seeds=2
                epoch_scale=1
                expectations=expected-results/tiny.csv
                lottery_margin=5
                aggregate.mean=MEAN|val shift|equal|percent
                """);
        write(home, "datasets/tiny/variants.csv", """
                variant,dir,expected_count,class_subset,scoring,description
                train,train,90,all,none,train
                val,val,30,all,top1,in distribution
                shift,shift,20,0 1,subset,noisier images of classes 0 and 1
                """);
        write(home, "expected-results/tiny.csv", EXPECTED_HEADER + expectations);
        data(home, corruptOneValImage);
        return home;
    }

    /**
     * The tiny dataset alone: three classes in tar shards under {@code datasets/tiny/{train,val,shift}}
     * (90, 30 and 20 images), the fifth val image replaced by bytes that are no image when {@code corruptOneValImage}.
     */
    static void data(Path home, boolean corruptOneValImage) throws IOException {
        data(home, corruptOneValImage, false);
    }

    /** As {@link #data(Path, boolean)}, the fifth train image too when {@code corruptOneTrainImage}. */
    static void data(Path home, boolean corruptOneValImage, boolean corruptOneTrainImage) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        shards(home.resolve("datasets/tiny/train"), 90, 3, 0.1, rnd, corruptOneTrainImage);
        shards(home.resolve("datasets/tiny/val"), 30, 3, 0.1, rnd, corruptOneValImage);
        shards(home.resolve("datasets/tiny/shift"), 20, 2, 0.4, rnd, false);
    }

    static String recordOnlyExpectations() {
        return """
                pixels,val,top1,record-only,,test
                pixels,shift,subset-top1,record-only,,test
                random-resnet,val,top1,record-only,,test
                random-resnet,shift,subset-top1,record-only,,test
                """;
    }

    /**
     * Two more random ResNets (He init seeds 2 and 3) and a lottery margin of 10 pp: with seeds 0 and 1
     * they score val 96.7 and 83.3 against random-resnet's 90.0, and shift 70 and 90 against its 85, so
     * the suite has lottery pairs (reversals within the margin) for the paired tests.
     */
    static void withReversals(Path home) throws IOException {
        write(home, "suite/catalog/frameworks.csv", """
                id,name,group,backbone,width,init_seed,checkpoint_url,sha256,keymap,preprocessing,routine,note
                pixels,Pixels,baseline,pixels,,,,,,gray,fast,
                random-resnet,Random ResNet,baseline,random-resnet,2,0,,,,rgb,fast,
                random-resnet-2,Random ResNet (init 2),baseline,random-resnet,2,2,,,,rgb,fast,
                random-resnet-3,Random ResNet (init 3),baseline,random-resnet,2,3,,,,rgb,fast,
                """);
        Path suite = home.resolve("suite/catalog/suites/tiny.properties");
        Files.writeString(suite, Files.readString(suite)
                .replace("frameworks=pixels,random-resnet", "frameworks=pixels,random-resnet,random-resnet-2,random-resnet-3")
                .replace("lottery_margin=5", "lottery_margin=10"));
        write(home, "expected-results/tiny.csv", EXPECTED_HEADER + recordOnlyExpectations()
                + recordOnlyExpectations().replace("random-resnet,", "random-resnet-2,").lines()
                        .filter(l -> l.startsWith("random-resnet-2")).map(l -> l + "\n").reduce("", String::concat)
                + recordOnlyExpectations().replace("random-resnet,", "random-resnet-3,").lines()
                        .filter(l -> l.startsWith("random-resnet-3")).map(l -> l + "\n").reduce("", String::concat));
    }

    private static void shards(Path dir, int n, int classes, double noise, SplittableRandom rnd, boolean corrupt)
            throws IOException {
        try (ShardWriter w = new ShardWriter(dir, "shard", 25, ClassList.of(List.of("a", "b", "c"), "test"))) {
            for (int i = 0; i < n; i++) {
                int label = i % classes;
                byte[] png = corrupt && i == 4 ? "this is not an image".getBytes() : image(label, noise, rnd);
                w.write(String.format("s%05d", i), png, "png", label);
            }
        }
    }

    private static byte[] image(int label, double noise, SplittableRandom rnd) throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                boolean bar = x >= 2 + label * 5 && x < 5 + label * 5;
                double v = (bar ? 0.9 : 0.1) + noise * (rnd.nextDouble() - 0.5) * 2;
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v * 255))));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static void write(Path home, String path, String text) throws IOException {
        Path p = home.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /**
     * The tiny project whose only framework is {@code canary}: the PyTorch-written width-2 torchvision fixture as a
     * fetched checkpoint (not downloaded: tests put the file in place), pinned to {@code sha} in the lock file.
     */
    static void createWithCanary(Path home, String sha) throws IOException {
        create(home, """
                canary,val,top1,record-only,,test
                canary,shift,subset-top1,record-only,,test
                """, false);
        Path frameworks = home.resolve("suite/catalog/frameworks.csv");
        Files.writeString(frameworks, Files.readString(frameworks)
                + "canary,Canary,supervised,checkpoint,2,,https://example.invalid/models/torchvision.pth,,torchvision,rgb,fast,\n");
        lockCanary(home, sha);
        Path suite = home.resolve("suite/catalog/suites/tiny.properties");
        Files.writeString(suite, Files.readString(suite).replace("frameworks=pixels,random-resnet", "frameworks=canary"));
    }

    /** Pins the canary's checkpoint to {@code sha} ("unknown" = not pinned yet). */
    static void lockCanary(Path home, String sha) throws IOException {
        write(home, "suite/catalog/checkpoints.lock.csv",
                "framework,file,sha256,bytes,recorded\ncanary,torchvision.pth," + sha + ",,\n");
    }
}
