package io.dlspark.core.eval;

import java.util.Locale;

/**
 * Regression metrics of one model on one split, in the label's units: RMSE, MAE and R² (1 - SSE / SST), with the
 * parameter count as model complexity.
 */
public record RegressionReport(String split, long records, String label, double rmse, double mae, double r2,
                               EvaluationReport.ModelComplexity modelComplexity) {

    /** The report of {@code sums} taken in standardized units whose standard deviation is {@code std} label units. */
    public static RegressionReport of(String split, String label, RegressionSums sums, double std, long parameters) {
        return new RegressionReport(split, sums.count(), label, sums.rmse() * std, sums.mae() * std, sums.r2(),
            new EvaluationReport.ModelComplexity(parameters));
    }

    /** The report as console lines. */
    public String table() {
        return String.format(Locale.ROOT, "%s: %d records, target %s%n%-20s %12s%n%-20s %12.6g%n%-20s %12.6g%n"
                + "%-20s %12.6f%nmodel complexity: %,d parameters%n", split, records, label, "metric", "value", "RMSE",
            rmse, "MAE", mae, "R2", r2, modelComplexity.parameters());
    }
}
