package dev.lottery.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places point labels in a chart so that no two overlap and none covers a point: greedy vertical
 * nudging. Labels are taken top to bottom (by their point's y, then x, then input order, so the
 * result is deterministic); each goes to the right of its point (to the left when it would leave the
 * chart), at the free height nearest its point's, trying one pixel down, then one up, and so on.
 * A label moved off its point gets a leader line. Text width is estimated from its length (no font
 * metrics in a report writer), generously, so the estimate errs towards more space.
 */
final class LabelPlacer {

    /** Width of one character as a fraction of the font size: wider than a sans-serif's average letter. */
    static final double CHAR_WIDTH = 0.62;
    /** Space left free around a point's centre (its circle's radius plus a margin). */
    static final double POINT_RADIUS = 6;
    private static final double GAP_X = 7;
    /** Beyond this vertical displacement (pixels) a label is drawn with a leader line to its point. */
    private static final double LEADER_AFTER = 3;
    private static final int MAX_NUDGE = 400;

    private LabelPlacer() {}

    /** What to label: the text and its point's position. */
    record Label(String text, double pointX, double pointY) {}

    /** A rectangle, y growing downwards. */
    record Box(double left, double top, double right, double bottom) {
        boolean overlaps(Box o) {
            return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
        }
    }

    /**
     * A placed label: draw its text at {@code (x, baseline)} with {@code anchor} ("start" or "end").
     *
     * @param leader whether a line from the point to the label should be drawn (the label was moved)
     */
    record Placed(Label label, double x, double baseline, String anchor, Box box, boolean leader) {
        /** Where a leader line meets the label: the label's edge nearest the point, at its middle. */
        double leaderX() {
            return anchor.equals("start") ? box.left() : box.right();
        }

        double leaderY() {
            return (box.top() + box.bottom()) / 2;
        }
    }

    static double width(String text, double fontSize) {
        return text.length() * CHAR_WIDTH * fontSize;
    }

    /**
     * @param bounds the area labels must stay within (the plot, or the whole chart)
     * @return one placement per label, in the input's order
     */
    static List<Placed> place(List<Label> labels, Box bounds, double fontSize) {
        List<Box> taken = new ArrayList<>();
        for (Label l : labels) {
            taken.add(new Box(l.pointX() - POINT_RADIUS, l.pointY() - POINT_RADIUS, l.pointX() + POINT_RADIUS,
                    l.pointY() + POINT_RADIUS));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> labels.get(i).pointY())
                .thenComparingDouble(i -> labels.get(i).pointX()).thenComparingInt(i -> i));
        Placed[] out = new Placed[labels.size()];
        for (int i : order) {
            Placed p = placeOne(labels.get(i), taken, bounds, fontSize);
            taken.add(p.box());
            out[i] = p;
        }
        return List.of(out);
    }

    private static Placed placeOne(Label l, List<Box> taken, Box bounds, double fontSize) {
        double w = width(l.text(), fontSize);
        boolean right = l.pointX() + GAP_X + w <= bounds.right() || l.pointX() - GAP_X - w < bounds.left();
        double left = right ? l.pointX() + GAP_X : l.pointX() - GAP_X - w;
        // the text's box: ascent of one font size above the baseline, descent of a quarter below
        double preferred = l.pointY() + fontSize * 0.35;
        Placed fallback = null;
        for (int step = 0; step <= MAX_NUDGE; step++) {
            for (int sign : step == 0 ? new int[] {1} : new int[] {1, -1}) {
                double baseline = preferred + sign * step;
                Box box = new Box(left, baseline - fontSize, left + w, baseline + fontSize * 0.25);
                Placed p = new Placed(l, right ? left : left + w, baseline, right ? "start" : "end", box,
                        Math.abs(baseline - preferred) > LEADER_AFTER);
                if (fallback == null) {
                    fallback = p;
                }
                if (box.top() >= bounds.top() && box.bottom() <= bounds.bottom()
                        && taken.stream().noneMatch(box::overlaps)) {
                    return p;
                }
            }
        }
        return fallback; // a chart too crowded to separate: keep the label at its point
    }
}
