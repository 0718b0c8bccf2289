package dev.lottery.data.layout;

import dev.lottery.data.ClassList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Class folders: one folder per class, named by its wnid ({@link Layout#WNID_FOLDERS}) or by its
 * sorted index parsed as an integer ({@link Layout#INDEX_FOLDERS}, ImageNet-v2, where string order
 * 0, 1, 10, 100 ... would give wrong labels). Files at the root (R's and A's README.txt) are
 * skipped. Labels are the canonical 1000-class indices whatever subset of folders is present; the
 * folders must be exactly the declared set, or opening fails listing what differs. Classes are read
 * in index order, files in name order.
 */
final class FolderSource extends FileSource {
    /** Class index to folder, in index order: the folders read. */
    private final TreeMap<Integer, Path> folders;
    private final ClassFolderDifference difference;

    private FolderSource(Path root, ClassList classes, Layout layout, TreeMap<Integer, Path> folders,
            ClassFolderDifference difference) {
        super(root, classes, layout.id());
        this.folders = folders;
        this.difference = difference;
    }

    /**
     * @param expected the class indices whose folders must exist (null = all of {@code classes})
     */
    static FolderSource open(Path root, Layout layout, ImagenetClasses imagenet, int[] expected) throws IOException {
        return open(root, layout, imagenet, expected, false);
    }

    /**
     * @param partial read the declared folders that are present and skip undeclared ones (the
     *                difference is kept, see {@link #difference()}) instead of failing on any difference
     */
    static FolderSource open(Path root, Layout layout, ImagenetClasses imagenet, int[] expected, boolean partial)
            throws IOException {
        if (layout != Layout.WNID_FOLDERS && layout != Layout.INDEX_FOLDERS) {
            throw new IllegalArgumentException("expected a folder layout, found " + layout);
        }
        ClassList classes = imagenet.wnids();
        TreeMap<Integer, Path> folders = new TreeMap<>();
        List<String> extra = new ArrayList<>();
        for (Path p : sortedFiles(root)) {
            if (!Files.isDirectory(p)) {
                continue; // README.txt at the roots of R and A, LICENSE files, ...
            }
            String name = p.getFileName().toString();
            int index = layout == Layout.WNID_FOLDERS ? imagenet.indexOf(name) : parseIndex(name, classes.size());
            if (index < 0) {
                extra.add(name);
            } else {
                folders.put(index, p);
            }
        }
        TreeSet<Integer> want = new TreeSet<>();
        if (expected == null) {
            for (int i = 0; i < classes.size(); i++) {
                want.add(i);
            }
        } else {
            for (int i : expected) {
                want.add(i);
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i : want) {
            if (!folders.containsKey(i)) {
                missing.add(folderName(layout, classes, i));
            }
        }
        int found = folders.size() + extra.size();
        for (int i : List.copyOf(folders.keySet())) {
            if (!want.contains(i)) {
                extra.add(folders.remove(i).getFileName().toString());
            }
        }
        if (missing.isEmpty() && extra.isEmpty()) {
            return new FolderSource(root, classes, layout, folders, null);
        }
        extra.sort(null);
        ClassFolderDifference difference = new ClassFolderDifference(folders.size(), want.size(), missing, extra);
        if (!partial) {
            throw new LayoutMismatchException(root + ": class folders differ from the declaration (" + want.size()
                    + " expected " + (layout == Layout.WNID_FOLDERS ? "wnid" : "integer-index") + " folders, found "
                    + found + " folders)" + difference.details("; "));
        }
        return new FolderSource(root, classes, layout, folders, difference);
    }

    /** How the folders differ from the declaration, when opened partially; null when they match. */
    ClassFolderDifference difference() {
        return difference;
    }

    private static String folderName(Layout layout, ClassList classes, int i) {
        return layout == Layout.WNID_FOLDERS ? classes.name(i) : Integer.toString(i);
    }

    /** Integer folder name in [0, n), or -1 ("007" and "+7" are not accepted: they are not how v2 names folders). */
    static int parseIndex(String name, int n) {
        if (name.isEmpty() || name.length() > 4 || (name.length() > 1 && name.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i)) || name.charAt(i) > '9') {
                return -1;
            }
        }
        int v = Integer.parseInt(name);
        return v < n ? v : -1;
    }

    int classFolders() {
        return folders.size();
    }

    @Override
    void entries(EntrySink sink) throws IOException {
        for (var e : folders.entrySet()) {
            int[] label = {e.getKey()};
            String folder = e.getValue().getFileName().toString();
            for (Path f : sortedFiles(e.getValue())) {
                String rel = folder + "/" + f.getFileName();
                if (Files.isDirectory(f)) {
                    sink.bad(rel, f, "a folder inside a class folder; expected image files only");
                } else {
                    sink.accept(rel, f, label);
                }
            }
        }
    }

    @Override
    List<Path> labelFiles() {
        return List.of();
    }
}
