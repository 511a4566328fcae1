package io.plantproof.exports;

import java.util.List;

/**
 * The export tables the importer recognises by their header row (the Chinese headers of the usual
 * ERP/MES exports, or the historian's {@code ts,device,signal,value}).
 */
enum ExportTable {
    REGISTER("设备台账", List.of("设备编号", "设备名称", "车间")),
    PRODUCTION("生产日报", List.of("日期", "车间", "产量(件)", "合格数(件)", "不良数(件)", "产值(万元)")),
    ENERGY("能耗", List.of("日期", "车间", "能源种类", "数量", "单位")),
    HEADCOUNT("人员", List.of("日期", "车间", "人数")),
    HISTORIAN("historian", List.of("ts", "device", "signal", "value"));

    final String title;
    final List<String> required;

    ExportTable(String title, List<String> required) {
        this.title = title;
        this.required = required;
    }

    static ExportTable recognise(List<String> header) {
        for (ExportTable t : values()) {
            if (header.containsAll(t.required)) {
                return t;
            }
        }
        return null;
    }
}
