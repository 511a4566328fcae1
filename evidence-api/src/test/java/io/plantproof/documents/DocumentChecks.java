package io.plantproof.documents;

import io.plantproof.metrics.Catalogue;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.rules.ApplicationType;
import io.plantproof.rules.RuleSet;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFPictureData;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every generated 申报书 must show, checked on a DOCX as Word reads it: the fields of the notice's 申请表
 * (transcribed here from the seed, 附件2/附件3, not from the code), parts 一–五 in order, one section per 评价细则
 * item, the 数控化率 device list, embedded charts, and no English words among the Chinese text.
 */
public final class DocumentChecks {

    /** Every field of the smart-factory 申请表 (附件2 一). */
    static final List<String> SMART_FACTORY_FIELDS = List.of("企业名称", "所属行业", "所属地区", "统一社会信用代码", "成立时间",
            "工厂建设地址", "企业负责人 姓名", "企业负责人 职务", "企业负责人 手机", "联系人 姓名", "联系人 办公电话", "联系人 职务",
            "联系人 手机", "联系人 传真", "联系人 E-mail", "企业自动化、数字化关键工序核心设备台套数", "关键装备数控化(%)", "设备联网率(%)",
            "先进过程控制投用率(%)", "全员劳动生产效率提高（%）", "企业生产运营成本降低（%）", "产品不良率降低（%）",
            "单位产值或产品综合能耗降低（%）", "研制周期缩短（%）", "库存周期率提升（%）", "设备综合利用率提升（%）", "质量损失下降率（%）",
            "供应商准时交付率提升（%）", "订单准时交付率提升（%）", "线上成熟度评估值",
            "先进制造模式、解决方案面向供应链上下游企业、同行企业输出推广企业数量（家）", "企业简介", "建设项目名称", "起止日期",
            "项目总投资（万元）", "累计完成投资（万元）", "项目简述", "法定代表人签名", "区、县（市）、滨海新区经信部门审核推荐意见");
    /** 近三年主要经济指标: each of these for 2023, 2024 and 2025. */
    static final List<String> ECONOMIC_FIELDS = List.of("总资产（万元）", "总负债（万元）", "主营业务收入（万元）", "利润（万元）", "税金（万元）");

    /** Every field of the digital-workshop 申请表 (附件3 一). */
    static final List<String> DIGITAL_WORKSHOP_FIELDS = List.of("企业名称", "所属行业", "所属地区", "统一社会信用代码", "成立时间",
            "详细地址", "企业负责人 姓名", "企业负责人 职务", "企业负责人 手机", "联系人 姓名", "联系人 电话", "联系人 职务", "联系人 手机",
            "联系人 传真", "联系人 E-mail", "2025年总资产（万元）", "资产负债率（%）", "2025年总营收（万元）", "利润率（%）", "线上成熟度评估值",
            "企业简介", "车间名称", "车间项目建设起止时间", "数字化车间项目计划总投资（万元）", "累计完成投资（万元）", "车间生产产品及产量",
            "车间上年度产出（万元）", "车间总体描述", "车间内自动化、智能化设备台套（产线）数", "车间内自动化、智能化设备占全部设备比重（%）",
            "车间内自动化、智能化设备联网数", "车间内自动化、智能化设备联网数占自动化、智能化设备总数的比重（%）",
            "请简要说明生产设备运行状态实时监控、故障自动报警和诊断分析的情况", "请简要说明关键设备自动调试修复的情况",
            "请简要说明车间作业计划生成情况", "请简要说明生产制造过程中物料投放、产品产出数据采集、传送情况",
            "请简要说明生产制造过程根据产品生产计划实时调整的情况", "请简要说明生产过程采用自动识别技术设施的情况",
            "请简要说明车间物流自动挑选、实时配送和自动输送情况", "请简要说明产品质量在线自动检测、报警情况",
            "请简要说明产品质量自动诊断分析和处理情况", "请简要说明采用智能化技术设备实时记录产品信息的情况",
            "请简要说明产品采用批号/批次/序列号管理的情况", "数字化车间建设前后经济、社会效益情况总体描述", "建设完成前的车间产值（万元）",
            "建设完成后的车间产值（万元）", "产值提升率（%）", "建设完成前车间人数", "建设完成后车间人数", "用工降低率（%）",
            "项目建设前产品不良品率（%）", "建设完成后产品不良品率（%）", "产品不良率降低百分点", "建设完成前单位或单件产值能耗（吨标煤）",
            "建设完成后单位或单件产值能耗（吨标煤）", "能耗下降率（%）", "法定代表人签名", "区、县（市）、滨海新区经信部门认定意见");

    /**
     * Lowercase and capitalised English words that are not units or indicator ids; other ids (snake_case, camelCase,
     * dotted), file extensions and acronyms pass.
     */
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_.\\-])[A-Za-z][A-Za-z0-9_.:/@+\\-]*");
    private static final Pattern WORD = Pattern.compile("[a-z]{2,}|[A-Z][a-z]{2,}");
    private static final Set<String> UNITS = Set.of("tce", "kgce", "pp");

    private DocumentChecks() {
    }

    /** Paragraph and table-row texts of the body in document order (content controls included). */
    public static List<String> blocks(XWPFDocument doc) {
        List<String> out = new ArrayList<>();
        for (IBodyElement e : doc.getBodyElements()) {
            if (e instanceof XWPFParagraph p) {
                out.add(p.getText());
            } else if (e instanceof XWPFTable t) {
                for (XWPFTableRow row : t.getRows()) {
                    out.add(String.join(" | ", row.getTableCells().stream().map(c -> c.getText()).toList()));
                }
            }
        }
        return out;
    }

    /** Label → value of every 申请表 row (first column, second column), between part 一 and part 二. */
    static List<String[]> formRows(XWPFDocument doc, ApplicationType type) {
        List<String[]> out = new ArrayList<>();
        boolean inForm = false;
        for (IBodyElement e : doc.getBodyElements()) {
            if (e instanceof XWPFParagraph p && p.getText().startsWith("一、")) {
                inForm = true;
            } else if (e instanceof XWPFParagraph p && p.getText().startsWith("二、")) {
                break;
            } else if (inForm && e instanceof XWPFTable t) {
                for (XWPFTableRow row : t.getRows()) {
                    if (row.getTableCells().size() >= 2) {
                        out.add(new String[] {row.getCell(0).getText(), row.getCell(1).getText()});
                    }
                }
            }
        }
        return out;
    }

    /** Every field of the type's 申请表 is in part 一 with a value, or with "—（reason）" giving the reason. */
    public static void everyFormFieldHasAValueOrAReason(XWPFDocument doc, ApplicationType type) {
        List<String[]> rows = formRows(doc, type);
        List<String> fields = new ArrayList<>(type == ApplicationType.SMART_FACTORY ? SMART_FACTORY_FIELDS : DIGITAL_WORKSHOP_FIELDS);
        if (type == ApplicationType.SMART_FACTORY) {
            for (int year = 2023; year <= 2025; year++) {
                for (String f : ECONOMIC_FIELDS) {
                    fields.add(year + "年 " + f);
                }
            }
        }
        for (String field : fields) {
            String[] row = rows.stream().filter(r -> r[0].contains(field)).findFirst().orElse(null);
            assertThat(row).as("申请表 field %s", field).isNotNull();
            assertThat(row[1]).as("value of %s", field).isNotBlank();
            if (row[1].startsWith("—")) {
                assertThat(row[1]).as("reason of %s", field).matches("—（.+）");
            }
        }
    }

    /** Parts 一 to 五 as headings, in the notice's order and wording. */
    public static void partsInOrder(XWPFDocument doc, ApplicationType type) {
        String t = type.chinese();
        List<String> headings = List.of("一、" + t + "申请表", "二、" + t + "情况概述", "三、" + t + "具体情况", "四、下一步智能制造实施计划",
                "五、相关附件及佐证材料");
        List<String> blocks = blocks(doc);
        int at = -1;
        for (String h : headings) {
            int next = blocks.indexOf(h);
            assertThat(next).as("heading %s after position %d", h, at).isGreaterThan(at);
            at = next;
        }
    }

    /** Part 三 has a heading for every 评价细则 item of the type, once each, in the rule set's order. */
    public static void oneSectionPerItem(XWPFDocument doc, ApplicationType type) {
        List<String> blocks = blocks(doc);
        List<String> part3 = blocks.subList(blocks.indexOf("三、" + type.chinese() + "具体情况"), blocks.indexOf("四、下一步智能制造实施计划"));
        int at = -1;
        for (RuleSet.ChecklistItem item : RuleSet.forType(type).checklist()) {
            String heading = EvaluationPart.number(item) + "　" + item.title();
            assertThat(part3.stream().filter(heading::equals).count()).as("sections for %s", heading).isEqualTo(1);
            assertThat(part3.indexOf(heading)).as("%s in order", heading).isGreaterThan(at);
            at = part3.indexOf(heading);
        }
    }

    /** The charts are PNG pictures of the charts' size (the attachments' photos are other sizes). */
    public static long charts(XWPFDocument doc) {
        return doc.getAllPictures().stream().filter(p -> p.getPictureType() == org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG)
                .map(DocumentChecks::image).filter(i -> i.getWidth() == Charts.WIDTH && i.getHeight() == Charts.HEIGHT).count();
    }

    private static BufferedImage image(XWPFPictureData p) {
        try {
            return ImageIO.read(new ByteArrayInputStream(p.getData()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** English words in Chinese text: lowercase or capitalised words that are not units; ids, formula ids and acronyms pass. */
    public static List<String> englishWords(String text) {
        List<String> out = new ArrayList<>();
        // formula ids (energy_tce:sum(energy*coefficient)) are stable ids, printed as they are
        for (var d : Catalogue.ALL) {
            text = text.replace(d.formula(), "");
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group();
            if (WORD.matcher(token).matches() && !UNITS.contains(token) && IndicatorId.of(token).isEmpty()) {
                out.add(token);
            }
        }
        return out;
    }
}
