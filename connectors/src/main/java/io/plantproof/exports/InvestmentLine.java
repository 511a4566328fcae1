package io.plantproof.exports;

import io.plantproof.sample.Signals;

import java.time.LocalDate;
import java.util.Set;

/**
 * One line of 表1 (智能装备、工业软件、信息化硬件投资清单) as the document generator lists it; amounts in 万元.
 * {@code row} is the line's row in the source file, so a printed line can be traced back to its cell;
 * {@code workshop} is the workshop id the 车间 column names, or {@link Signals#PLANT} for a plant-wide line.
 */
public record InvestmentLine(int row, String serial, String name, InvestmentCategory category, String supplier,
                             double quantity, double unitPriceWan, double totalWan, LocalDate date, String workshop) {

    /** 数量 × 单价 may differ from 总金额 by rounding the unit price to the cent of a 万元 per unit. */
    private static final double ROUNDING_PER_UNIT = 0.005;
    private static final Set<String> TOTAL_ROWS = Set.of("合计", "总计", "小计", "合 计");

    /** The line of the current row, or {@code null} when the row is bad or is the table's 合计 row (checked, not a line). */
    static InvestmentLine read(Row r) {
        String serial = r.text("serial");
        if (TOTAL_ROWS.contains(serial) || TOTAL_ROWS.contains(r.text("name"))) {
            checkTotal(r);
            return null;
        }
        String name = r.required("name");
        if (!serial.isEmpty()) {
            r.unique("序号", serial, "serial");
        }
        InvestmentCategory category = InvestmentCategory.of(r.text("category"));
        if (category == null) {
            r.error("category", "unknown category; expected 智能装备, 工业软件 or 信息化硬件");
        }
        double quantity = r.quantity("quantity");
        double unitPrice = r.quantity("unitPrice");
        double total = r.quantity("total");
        LocalDate date = r.day("date");
        String workshop = r.workshop("workshop", false);
        if (r.ok() && Math.abs(quantity * unitPrice - total) > Math.max(0.01, quantity * ROUNDING_PER_UNIT)) {
            r.error("total", "数量 × 单价 = " + quantity + " × " + unitPrice + " = " + round(quantity * unitPrice)
                    + " does not match 总金额 " + total);
        }
        if (!r.ok()) {
            return null;
        }
        r.tally("total", total);
        return new InvestmentLine(r.number(), serial, name, category, r.text("supplier"), quantity, unitPrice, total, date, workshop);
    }

    /** A 合计 row must equal the sum of the lines above it, or the file's figures disagree with themselves. */
    private static void checkTotal(Row r) {
        String cell = r.text("total");
        if (cell.isEmpty()) {
            return;
        }
        double stated = r.quantity("total");
        double sum = r.tally("total", 0);
        if (r.ok() && Math.abs(stated - sum) > 0.01) {
            r.error("total", "合计 " + stated + " is not the sum of the lines above it, " + round(sum));
        }
    }

    private static double round(double wan) {
        return Math.round(wan * 10_000) / 10_000.0;
    }
}
