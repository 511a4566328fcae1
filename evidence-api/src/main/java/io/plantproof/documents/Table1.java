package io.plantproof.documents;

import io.plantproof.rules.ApplicationType;
import io.plantproof.exports.InvestmentCategory;

import java.util.Arrays;
import java.util.List;

/**
 * 表1 grouped as the form lists it: 智能装备, 工业软件, 信息化硬件, each with its lines and subtotal,
 * and the 主要软硬设备投资合计. Every category appears, empty or not, as on the form.
 */
record Table1(String title, List<Group> groups) {

    static final List<String> HEADER = List.of("序号", "智能装备、信息化软件硬件名称", "研发单位或供应商", "数量",
            "单价（万元）", "总金额（万元）", "备注");
    static final String TOTAL_LABEL = "主要软硬设备投资合计";

    /** One category's lines in input order with the sum of their totals. */
    record Group(InvestmentCategory category, List<InvestmentLine> lines) {
        double subtotal() {
            return lines.stream().mapToDouble(InvestmentLine::totalWan).sum();
        }
    }

    static Table1 of(DocumentInput in) {
        String title = in.type() == ApplicationType.SMART_FACTORY
                ? "表1：项目购置的主要智能装备和信息化软硬件清单"
                : "表1 车间购置的主要智能装备和信息化软硬件清单";
        return new Table1(title, Arrays.stream(InvestmentCategory.values())
                .map(c -> new Group(c, in.investments().stream().filter(l -> l.category() == c).toList()))
                .toList());
    }

    /** The form's numbered group heading, e.g. 一、智能装备. */
    static String heading(InvestmentCategory category) {
        return List.of("一", "二", "三").get(category.ordinal()) + "、" + category.title;
    }

    double total() {
        return groups.stream().mapToDouble(Group::subtotal).sum();
    }
}
