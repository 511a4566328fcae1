package io.plantproof.documents;

import io.plantproof.forms.Formats;
import io.plantproof.exports.InvestmentCategory;

import io.plantproof.forms.RegisterInvestment;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;

import java.util.Collection;
import java.util.List;

/**
 * One line of 表1 (智能装备、信息化软硬件清单): what was bought, from whom, how many, at what price.
 * {@code totalWan} is the invoiced total, kept as given rather than recomputed from quantity × price.
 */
public record InvestmentLine(String name, InvestmentCategory category, String supplier, double quantity,
                             double unitPriceWan, double totalWan, String remark) {

    public InvestmentLine {
        if (name == null || name.isBlank() || category == null) {
            throw new IllegalArgumentException("表1 line needs a name and a category");
        }
    }

    /** A line of an imported 投资清单 (表1) export, keeping where it came from. */
    public static InvestmentLine fromImported(io.plantproof.exports.InvestmentLine l, String file) {
        return new InvestmentLine(l.name(), l.category(), l.supplier(), l.quantity(), l.unitPriceWan(), l.totalWan(),
                file + " 第" + l.row() + "行" + (l.date() == null ? "" : "，" + Formats.date(l.date())));
    }

    /**
     * Lines derived from the equipment register when no 投资清单 was imported:
     * automated or numerically controlled equipment of the workshops with a declared cost, one line each.
     */
    public static List<InvestmentLine> fromRegister(Plant plant, Collection<String> workshops) {
        return RegisterInvestment.equipment(plant, workshops).stream().map(InvestmentLine::ofEquipment).toList();
    }

    private static InvestmentLine ofEquipment(Equipment e) {
        String commissioned = e.commissioned() == null ? "" : "，投用 " + Formats.date(e.commissioned());
        return new InvestmentLine(e.name() == null ? e.id() : e.name(), InvestmentCategory.EQUIPMENT, e.supplier(), 1,
                e.costWan(), e.costWan(), "设备台账 " + e.id() + commissioned);
    }
}
