package io.plantproof.documents;

import io.plantproof.evidence.CheckKind;
import io.plantproof.evidence.VerificationReport;
import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.IndicatorCheck;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.forms.NumberStyle;
import io.plantproof.metrics.Catalogue;
import io.plantproof.metrics.IndicatorDefinition;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.ApplicationType;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reviewer's verification report, in Chinese and printable: the bundle, the enterprise, key and anchors,
 * every check, every indicator PASS / FAIL / UNVERIFIABLE with both numbers, the rule results, the document
 * figures, the verdict, and what verification does and does not establish. Written as HTML (self-contained,
 * A4 print styles) and DOCX (for the PDF LibreOffice makes of it) from one list of blocks, so they say the same.
 */
public final class VerificationDocument {

    public static final String HTML = "核验报告.html";
    public static final String DOCX = "核验报告.docx";

    /** The checks about who made the bundle and when: the report's part 三 lists them apart. */
    private static final Set<CheckKind> TRUST_CHECKS = EnumSet.of(CheckKind.KEY, CheckKind.SIGNATURE, CheckKind.CHECKPOINT,
            CheckKind.CONSISTENCY, CheckKind.ANCHOR, CheckKind.TIME, CheckKind.RULESET);

    /** One block of the report: a heading, a paragraph, a small note, or a table. */
    private sealed interface Block permits Heading, Para, Note, Table {
    }

    private record Heading(String text) implements Block {
    }

    private record Para(String text) implements Block {
    }

    private record Note(String text) implements Block {
    }

    private record Table(List<String> header, List<List<String>> rows, int[] widths) implements Block {
    }

    private final BundleFacts facts;
    private final VerificationReport report;
    private final List<Block> blocks = new ArrayList<>();

    private VerificationDocument(BundleFacts facts, VerificationReport report) {
        this.facts = facts;
        this.report = report;
    }

    /** 核验报告.html and 核验报告.docx for a bundle and what verifying it found. */
    public static Map<String, byte[]> render(Path bundle, VerificationReport report) {
        VerificationDocument d = new VerificationDocument(BundleFacts.read(bundle), report).build();
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put(HTML, d.html().getBytes(StandardCharsets.UTF_8));
        out.put(DOCX, d.docx());
        return out;
    }

    /** The report as one self-contained HTML page (the web UI shows it; a browser prints it). */
    public static String html(Path bundle, VerificationReport report) {
        return new VerificationDocument(BundleFacts.read(bundle), report).build().html();
    }

    private VerificationDocument build() {
        blocks.add(new Para("核验结论：" + verdict() + "（" + report.verdict().label() + "，退出码 " + report.verdict().exitCode() + "）"));
        blocks.add(new Note("本报告由核验程序离线生成：程序只信任审核人给定的采集器密钥指纹（及核验策略中的锚定），对证据包内的原始数据"
                + "用同一指标引擎重新计算每个指标，并逐项核对申报书中的数值。各检查的“说明”一栏为程序输出原文。"));
        bundle();
        enterprise();
        keyAndAnchors();
        checks();
        indicators();
        rules();
        scope();
        blocks.add(new Heading("九、核验人"));
        blocks.add(new Table(List.of("核验人", "单位", "日期", "签字"), List.of(List.of("", "", "", "")), new int[] {25, 35, 20, 20}));
        return this;
    }

    private void bundle() {
        blocks.add(new Heading("一、证据包"));
        ApplicationType type = type();
        blocks.add(kv(List.of(
                List.of("文件", facts.file()),
                List.of("大小", facts.size() < 0 ? "无法读取" : String.format(Locale.ROOT, "%,d 字节", facts.size())),
                List.of("文件 SHA-256", or(facts.sha256())),
                List.of("格式", or(facts.statementText("format")) + " 第 " + or(facts.statementText("version")) + " 版"),
                List.of("生成时间", or(facts.statementText("createdAt"))),
                List.of("申报类型", type == null ? or(facts.statementText("applicationType")) : type.chinese()),
                List.of("规则集", or(facts.statementText("ruleSet")) + " 第 " + or(facts.statementText("ruleSetVersion")) + " 版"),
                List.of("范围（车间）", workshops()),
                List.of("建设前（基期）", or(facts.statementText("baseline"))),
                List.of("建设后（当前期）", or(facts.statementText("current"))),
                List.of("数据截至", or(facts.statementText("asOf"))),
                List.of("签名检查点", checkpoint()),
                List.of("文件数", facts.statement() == null || facts.statement().get("files") == null ? "—"
                        : facts.statement().get("files").size() + " 个（均在签名声明中列出哈希）"))));
        blocks.add(new Note("以上信息取自证据包的签名声明；声明是否可信，见第三、四部分的签名与哈希检查。"));
    }

    private void enterprise() {
        blocks.add(new Heading("二、申报企业"));
        List<List<String>> rows = new ArrayList<>(List.of(
                List.of("企业名称", or(facts.enterpriseText("name"))),
                List.of("统一社会信用代码", or(facts.enterpriseText("creditCode"))),
                List.of("所属地区", or(facts.enterpriseText("region"))),
                List.of("所属行业", or(facts.enterpriseText("industry")))));
        ApplicationProfile profile = profile();
        if (profile != null && type() != null && profile.project(type()) != null) {
            rows.add(List.of("项目名称（申报资料）", or(profile.project(type()).name())));
        }
        if (profile != null && profile.enterprise() != null && profile.enterprise().contact() != null) {
            rows.add(List.of("联系人（申报资料）", or(profile.enterprise().contact().name()) + " " + or(profile.enterprise().contact().mobile())));
        }
        blocks.add(kv(rows));
        blocks.add(new Note("企业信息来自证据包中的设备台账快照和申报资料（均为申报，DECLARED）：核验只能确认其未被改动，不能确认其真实。"));
    }

    private void keyAndAnchors() {
        blocks.add(new Heading("三、密钥与锚定"));
        blocks.add(kv(List.of(List.of("采集器公钥指纹", or(report.keyFingerprint())))));
        List<Check> trust = report.checks().stream().filter(c -> TRUST_CHECKS.contains(c.name())).toList();
        blocks.add(checkTable(trust.stream().map(this::checkRow).toList()));
        if (trust.stream().noneMatch(c -> c.name() == CheckKind.ANCHOR)) {
            blocks.add(new Note("本证据包未携带外部锚定（向经信局备案的检查点、见证签名或可信时间戳），或本核验程序未核验锚定："
                    + "不能据此证明数据在所称时间已经采集。"));
        }
        if (!report.established().isEmpty() || !report.notEstablished().isEmpty()) {
            List<List<String>> grounds = new ArrayList<>();
            report.established().forEach(line -> grounds.add(List.of("已确认", line)));
            report.notEstablished().forEach(line -> grounds.add(List.of("未确认", line)));
            blocks.add(new Table(List.of("结论", "依据（程序输出原文）"), grounds, new int[] {14, 86}));
        }
    }

    private void checks() {
        blocks.add(new Heading("四、完整性与内容检查"));
        blocks.add(checkTable(report.checks().stream().map(this::checkRow).toList()));
    }

    private void indicators() {
        blocks.add(new Heading("五、指标复算"));
        List<List<String>> rows = new ArrayList<>();
        for (IndicatorCheck i : report.indicators()) {
            // an indicator of a newer bundle version this verifier does not know keeps its place, without a title
            IndicatorDefinition d = i.indicator() == null ? null : Catalogue.definition(i.indicator());
            NumberStyle style = d == null || d.unit().equals("tce/万元") ? NumberStyle.FOUR_DECIMALS : NumberStyle.forUnit(d.unit());
            rows.add(List.of(d == null ? "未知指标" : d.title() + "（" + d.id().id() + "）",
                    i.period().equals("baseline") ? "建设前" : i.period().equals("current") ? "建设后" : i.period(),
                    number(i.reported(), style), number(i.recomputed(), style), result(i.result()), or(i.detail())));
        }
        blocks.add(new Table(List.of("指标", "期间", "申报值", "复算值", "结果", "说明（程序输出原文）"), rows, new int[] {26, 8, 12, 12, 10, 32}));
        long pass = report.indicators().stream().filter(i -> i.result() == Result.PASS).count();
        long fail = report.indicators().stream().filter(i -> i.result() == Result.FAIL).count();
        blocks.add(new Para("合计：通过 " + pass + " 项，未通过 " + fail + " 项，无法核验 " + (report.indicators().size() - pass - fail)
                + " 项。无法核验：该期间无数据，或数值只由申报的设备台账得出（证据包不能证明台账内容）。"));
    }

    private void rules() {
        blocks.add(new Heading("六、规则结果（按申报声明，经核验程序复核）"));
        JsonNode rules = facts.statement() == null ? null : facts.statement().get("rules");
        List<List<String>> rows = new ArrayList<>();
        if (rules != null) {
            for (JsonNode r : rules) {
                rows.add(List.of(text(r, "id"), text(r, "title"), number(r.get("measured")), comparison(r), outcome(r)));
            }
        }
        blocks.add(new Table(List.of("编号", "条件或评价内容", "数值", "依据", "判定"), rows, new int[] {9, 45, 11, 13, 22}));
        report.checks().stream().filter(c -> c.name() == CheckKind.RULES).forEach(c ->
                blocks.add(new Para("复核：" + result(c.result()) + "（" + c.detail() + "）")));
    }

    /** 七/八: the verdict in words and what no signature or recomputation can prove. */
    private void scope() {
        blocks.add(new Heading("七、核验结论"));
        blocks.add(new Para(verdict() + "。" + switch (report.verdict()) {
            case VERIFIED -> "来源、完整性和复算均已确认。";
            case FAILED -> "有检查未通过，见第四、五部分中标为“未通过”的项目：证据包或申报书中的数值不能采信。";
            default -> "没有检查未通过，但尚有未确认的依据，见第三部分；在确认之前不应视为核验通过。";
        }));
        blocks.add(new Heading("八、核验能证明什么，不能证明什么"));
        blocks.add(new Para("能证明："));
        for (String s : List.of(
                "证据包自采集器签名以来没有被改动：签名声明列出每个文件的 SHA-256，逐一核对一致。",
                "原始数据块包含在签名检查点所对应的证据日志中（包含证明），日志与此前交付的检查点一致、未被改写（一致性证明）。",
                "每个指标由核验程序按证据包所列公式和版本，从原始数据块重新计算，与申报值逐一比对；规则按官方规则集重新判定。",
                "申报书（DOCX、XLSX、HTML）中带字段标记的每个数值与复算结果一致；标记被删除或数值被改动都会被发现。",
                "给定备案的密钥指纹时，证据包确由该采集器签发。")) {
            blocks.add(new Para("· " + s));
        }
        blocks.add(new Para("不能证明："));
        for (String s : List.of(
                "传感器、设备和导出文件如实反映了现场：签名只能证明数据由哪台采集器记录，不能证明记录的内容真实。",
                "申报（DECLARED）的内容真实：设备台账（关键工序、数控化、自动化标识及金额）、申报资料、佐证附件，核验只能确认未被改动。",
                "未给定备案密钥指纹时，证据包是谁制作的：任何人都能用自己的密钥做出自洽的证据包。",
                "没有外部锚定（经信局备案的检查点、见证签名、可信时间戳）时，数据是在所称时间采集的。",
                "申报书中未带字段标记的文字、图表图片以及企业自行撰写的说明。")) {
            blocks.add(new Para("· " + s));
        }
    }

    private List<String> checkRow(Check c) {
        return List.of(chinese(c.name()), c.subject(), result(c.result()), c.detail());
    }

    /** A check's Chinese name; the switch is exhaustive, so a new check kind cannot reach the report unnamed. */
    private static String chinese(CheckKind kind) {
        return switch (kind) {
            case ZIP_ENTRY -> "压缩包条目";
            case KEY -> "采集器密钥";
            case SIGNATURE -> "签名";
            case HASH -> "文件哈希";
            case CHECKPOINT -> "检查点";
            case LOG -> "证据日志";
            case INCLUSION -> "包含证明";
            case CONSISTENCY -> "一致性证明";
            case ANCHOR -> "外部锚定";
            case TIME -> "时间";
            case RULESET -> "官方规则集";
            case REGISTER -> "设备台账";
            case RULES -> "规则复核";
            case DOCUMENTS -> "申报书数值";
        };
    }

    private static Table checkTable(List<List<String>> rows) {
        return new Table(List.of("检查", "对象", "结果", "说明（程序输出原文）"), rows, new int[] {14, 24, 10, 52});
    }

    private static Table kv(List<List<String>> rows) {
        return new Table(List.of("项目", "内容"), rows, new int[] {25, 75});
    }

    private String verdict() {
        return switch (report.verdict()) {
            case VERIFIED -> "核验通过";
            case FAILED -> "核验未通过";
            case ORIGIN_NOT_ESTABLISHED -> "数据完整，但来源未确认（未给定备案的密钥指纹或核验策略）";
            case NOT_ANCHORED -> "数据完整、来源已确认，但部分证据没有可信的时间锚定";
            case UNVERIFIABLE -> "数据完整，但证据包所用规则集不是本核验程序持有的官方版本，规则无法复核";
        };
    }

    private static String result(Result r) {
        return switch (r) {
            case PASS -> "通过";
            case FAIL -> "未通过";
            case UNVERIFIABLE -> "无法核验";
        };
    }

    private static String outcome(JsonNode r) {
        String outcome = text(r, "outcome");
        String tier = text(r, "tier");
        String word = switch (outcome) {
            case "PASS" -> tier.isEmpty() ? "符合" : "达到“" + tier + "”";
            case "FAIL" -> "tier".equals(text(r, "kind")) ? "低于最低档" : "不符合";
            case "BOUNDARY" -> "恰在边界（" + text(r, "note") + "）";
            case "UNKNOWN" -> "无法判定";
            case "DECLARED" -> "由企业声明";
            case "SUGGESTED" -> "数据支持：" + tier;
            default -> outcome;
        };
        return word + "（" + outcome + "）";
    }

    private static String comparison(JsonNode r) {
        JsonNode threshold = r.get("threshold");
        if (threshold == null || threshold.isNull()) {
            return "";
        }
        String op = text(r, "op");
        io.plantproof.rules.Operator operator = op.isEmpty() ? io.plantproof.rules.Operator.AT_LEAST : io.plantproof.rules.Operator.of(op);
        String limit = io.plantproof.rules.Operator.limit(threshold.asDouble());
        return operator.phrase(limit) + "（" + operator.symbol() + "）";
    }

    private String workshops() {
        JsonNode w = facts.statement() == null ? null : facts.statement().get("workshops");
        if (w == null) {
            return "—";
        }
        List<String> ids = new ArrayList<>();
        w.forEach(n -> ids.add(n.asString()));
        return String.join("、", ids);
    }

    private String checkpoint() {
        JsonNode cp = facts.statement() == null ? null : facts.statement().get("checkpoint");
        if (cp == null || cp.isNull()) {
            return "—";
        }
        JsonNode size = cp.get("treeSize");
        JsonNode root = cp.get("root");
        return (size == null ? "" : "日志 " + size.asString() + " 个叶") + (root == null ? "" : "，根 " + root.asString());
    }

    private ApplicationType type() {
        try {
            return ApplicationType.of(facts.statementText("applicationType"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ApplicationProfile profile() {
        if (facts.profile() == null) {
            return null;
        }
        try {
            return ProfileFile.parse(facts.profile(), ProfileFile.IN_BUNDLE, null).profile();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    private static String number(JsonNode n) {
        return n == null || n.isNull() ? "—" : NumberStyle.TWO_DECIMALS.format(n.asDouble());
    }

    private static String number(Double v, NumberStyle style) {
        return v == null ? "—" : style.format(v);
    }

    private static String or(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    private String title() {
        String name = facts.enterpriseText("name");
        return "证据包核验报告" + (name == null ? "" : " — " + name);
    }

    private String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"/><title>")
                .append(Html.escape(title())).append("</title><style>")
                .append("body{font-family:\"SimSun\",\"宋体\",\"Noto Serif CJK SC\",\"Noto Sans CJK SC\",serif;margin:24px;color:#222;font-size:14px}")
                .append("h1{font-size:22px;text-align:center}h2{font-size:17px;margin-top:22px;border-bottom:1px solid #999}")
                .append("table{border-collapse:collapse;width:100%;margin:6px 0;font-size:12px}td,th{border:1px solid #999;padding:3px 6px;")
                .append("text-align:left;vertical-align:top;word-break:break-all}th{background:#eee}p.note{color:#555;font-size:12px}")
                .append("td.r-通过{background:#e6f4e6}td.r-未通过{background:#fbe3e3;font-weight:bold}td.r-无法核验{background:#fff5d6}")
                .append("@page{size:A4;margin:18mm}@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}")
                .append("</style></head><body><h1>").append(Html.escape(title())).append("</h1>");
        for (Block b : blocks) {
            if (b instanceof Heading x) {
                h.append("<h2>").append(Html.escape(x.text())).append("</h2>");
            } else if (b instanceof Para x) {
                h.append("<p>").append(Html.escape(x.text())).append("</p>");
            } else if (b instanceof Note x) {
                h.append("<p class=\"note\">").append(Html.escape(x.text())).append("</p>");
            } else if (b instanceof Table x) {
                h.append("<table><tr>");
                for (int i = 0; i < x.header().size(); i++) {
                    h.append("<th style=\"width:").append(x.widths()[i]).append("%\">").append(Html.escape(x.header().get(i))).append("</th>");
                }
                h.append("</tr>");
                for (List<String> row : x.rows()) {
                    h.append("<tr>");
                    for (String cell : row) {
                        boolean result = cell.equals("通过") || cell.equals("未通过") || cell.equals("无法核验");
                        h.append(result ? "<td class=\"r-" + cell + "\">" : "<td>").append(Html.escape(cell)).append("</td>");
                    }
                    h.append("</tr>");
                }
                h.append("</table>");
            }
        }
        return h.append("</body></html>").toString();
    }

    private byte[] docx() {
        Docx d = new Docx();
        d.title(title());
        for (Block b : blocks) {
            if (b instanceof Heading x) {
                d.heading(x.text());
            } else if (b instanceof Para x) {
                d.line(x.text());
            } else if (b instanceof Note x) {
                d.small(x.text());
            } else if (b instanceof Table x) {
                d.table(x.header(), x.rows(), 8, x.widths());
            }
        }
        return d.bytes();
    }
}
