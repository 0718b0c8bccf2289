package dev.lottery.data.layout;

import dev.lottery.data.ClassList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical ImageNet-1k class order (index i = i-th wnid in byte-sorted order) and the devkit's
 * ILSVRC2012_ID map, read from {@code imagenet1k_wnids.txt} and {@code imagenet1k_ilsvrc2012_ids.txt}.
 */
public final class ImagenetClasses {
    public static final String WNIDS_FILE = "imagenet1k_wnids.txt";
    public static final String IDS_FILE = "imagenet1k_ilsvrc2012_ids.txt";

    private final ClassList wnids;
    private final List<String> names;
    private final Path dir;
    /** devkitToIndex[id] = sorted index of ILSVRC2012_ID id (1..1000); 0 unused. */
    private int[] devkitToIndex;

    private ImagenetClasses(ClassList wnids, List<String> names, Path dir) {
        this.wnids = wnids;
        this.names = names;
        this.dir = dir;
    }

    /** Reads {@code dir/imagenet1k_wnids.txt}: 1000 lines {@code wnid<TAB>names}, in byte-sorted wnid order. */
    public static ImagenetClasses read(Path dir) throws IOException {
        Path file = dir.resolve(WNIDS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("expected the ImageNet class list at " + file + ", found none");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t", 2);
            String wnid = parts[0].strip();
            if (!Wnid.is(wnid)) {
                throw new IOException(file + ":" + (i + 1) + ": expected a wnid (n + 8 digits), found '" + wnid + "'");
            }
            if (!ids.isEmpty() && ids.get(ids.size() - 1).compareTo(wnid) >= 0) {
                throw new IOException(file + ":" + (i + 1) + ": expected wnids in byte-sorted order, found '" + wnid
                        + "' after '" + ids.get(ids.size() - 1) + "'");
            }
            ids.add(wnid);
            names.add(parts.length > 1 ? parts[1].strip() : "");
        }
        if (ids.size() != 1000) {
            throw new IOException(file + ": expected 1000 wnids, found " + ids.size());
        }
        return new ImagenetClasses(ClassList.of(ids, file.toString()), List.copyOf(names), dir);
    }

    /** The 1000 wnids in index order. */
    public ClassList wnids() {
        return wnids;
    }

    /** Index of a wnid, or -1. */
    public int indexOf(String wnid) {
        return wnids.indexOf(wnid);
    }

    /** The WordNet lemmas of class i, e.g. "tench, Tinca tinca". */
    public String name(int i) {
        return names.get(i);
    }

    /** Sorted index of a devkit ILSVRC2012_ID (1..1000), from {@code imagenet1k_ilsvrc2012_ids.txt}. */
    public synchronized int indexOfDevkitId(int id) throws IOException {
        if (devkitToIndex == null) {
            devkitToIndex = readDevkitIds(dir.resolve(IDS_FILE));
        }
        if (id < 1 || id > 1000) {
            return -1;
        }
        return devkitToIndex[id];
    }

    private int[] readDevkitIds(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("expected the ILSVRC2012_ID map at " + file + ", found none");
        }
        int[] map = new int[1001];
        java.util.Arrays.fill(map, -1);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).strip().split("\t");
            String where = file + ":" + (i + 1);
            if (parts.length < 2) {
                throw new IOException(where + ": expected 'ILSVRC2012_ID<TAB>wnid<TAB>index', found '" + lines.get(i) + "'");
            }
            int id;
            try {
                id = Integer.parseInt(parts[0]);
            } catch (NumberFormatException e) {
                throw new IOException(where + ": expected an integer ILSVRC2012_ID, found '" + parts[0] + "'");
            }
            int index = indexOf(parts[1]);
            if (id < 1 || id > 1000 || index < 0 || map[id] >= 0) {
                throw new IOException(where + ": expected a new ID in 1..1000 and a known wnid, found '" + lines.get(i) + "'");
            }
            map[id] = index;
        }
        return map;
    }
}
