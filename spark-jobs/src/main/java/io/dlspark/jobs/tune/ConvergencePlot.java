package io.dlspark.jobs.tune;

import io.dlspark.tuning.ledger.TrialRecord;
import io.dlspark.tuning.optim.Objective;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The convergence curve of a search as a PNG: each finished trial's objective as a dot (in trial-id order) and the
 * best so far as a step line. Drawn headless with java.awt.
 */
final class ConvergencePlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private ConvergencePlot() {
    }

    /** PNG bytes; {@code records} sorted by trial id; failed trials (no objective) are skipped. */
    static byte[] png(List<TrialRecord> records, Objective objective) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<TrialRecord> scored = records.stream().filter(r -> r.objective().isPresent()).toList();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("best " + objective.metric() + " so far (" + objective.goal().name().toLowerCase(Locale.ROOT)
            + ") against trial number", LEFT, 24);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("trial", LEFT + plotW / 2 - 12, HEIGHT - 15);
        if (scored.isEmpty()) {
            g.drawString("no trial finished", LEFT + 20, TOP + 30);
            return encode(image, g);
        }
        int maxTrial = records.stream().mapToInt(TrialRecord::trialId).max().orElse(0);
        double lo = scored.stream().mapToDouble(r -> r.objective().getAsDouble()).min().orElseThrow();
        double hi = scored.stream().mapToDouble(r -> r.objective().getAsDouble()).max().orElseThrow();
        if (hi - lo < 1e-12) {
            lo -= 0.5;
            hi += 0.5;
        }
        double pad = 0.05 * (hi - lo);
        lo -= pad;
        hi += pad;
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int y = TOP + plotH - (int) Math.round(plotH * i / 4.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT + 1, y, LEFT + plotW - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), 8, y + 5);
        }
        for (int t = 0; t <= maxTrial; t += Math.max(1, (maxTrial + 1) / 10)) {
            int x = xOf(t, maxTrial, plotW);
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 5);
            g.drawString(Integer.toString(t), x - 4, TOP + plotH + 20);
        }
        g.setColor(new Color(120, 160, 220));
        for (TrialRecord r : scored) {
            int x = xOf(r.trialId(), maxTrial, plotW);
            int y = yOf(r.objective().getAsDouble(), lo, hi, plotH);
            g.fillOval(x - 4, y - 4, 8, 8);
        }
        g.setColor(new Color(200, 40, 40));
        g.setStroke(new BasicStroke(2.5f));
        Double best = null;
        int prevX = -1;
        int prevY = -1;
        for (TrialRecord r : scored) {
            double v = r.objective().getAsDouble();
            best = best == null || objective.better(v, best) ? v : best;
            int x = xOf(r.trialId(), maxTrial, plotW);
            int y = yOf(best, lo, hi, plotH);
            if (prevX >= 0) {
                g.drawLine(prevX, prevY, x, prevY);
                g.drawLine(x, prevY, x, y);
            }
            prevX = x;
            prevY = y;
        }
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "best %.4f", best), LEFT + plotW - 120, TOP + 18);
        return encode(image, g);
    }

    private static int xOf(int trial, int maxTrial, int plotW) {
        return LEFT + 10 + (int) Math.round((plotW - 20) * (maxTrial == 0 ? 0.5 : (double) trial / maxTrial));
    }

    private static int yOf(double v, double lo, double hi, int plotH) {
        return TOP + plotH - (int) Math.round(plotH * (v - lo) / (hi - lo));
    }

    private static byte[] encode(BufferedImage image, Graphics2D g) throws IOException {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
