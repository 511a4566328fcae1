package io.plantproof.documents;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.plant.Enterprise;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The 采集器公钥备案表: the form an enterprise signs, stamps and files with the 经信局 at project start, binding its
 * collector's signing key (fingerprint as text and QR code, and the verifier key) to its 统一社会信用代码 and the
 * collector id that the evidence log's checkpoints carry in their origin (docs/trust.md, "Registering the collector key").
 */
public final class KeyRegistrationForm {

    /** What the form registers. */
    public record Registration(Enterprise enterprise, LogOrigin origin, String fingerprint, String verifierKey, LocalDate date) {
    }

    private static final int QR_PIXELS = 400;

    private KeyRegistrationForm() {
    }

    public static byte[] docx(Registration r) {
        Enterprise e = r.enterprise() == null ? new Enterprise(null, null, null, null) : r.enterprise();
        Docx d = new Docx();
        d.title("采集器公钥备案表");
        d.line("（智能工厂、数字化车间认定 · 证据采集器签名密钥备案，一式两份，企业与受理单位各执一份）");
        d.table(List.of("项目", "内容"), List.of(
                List.of("企业名称", text(e.name())),
                List.of("统一社会信用代码", text(e.creditCode())),
                List.of("所属地区", text(e.region())),
                List.of("采集器编号", r.origin().collectorId()),
                List.of("证据日志标识（检查点 origin）", r.origin().text()),
                List.of("公钥指纹（SHA-256）", r.fingerprint()),
                List.of("验证公钥（C2SP vkey）", r.verifierKey()),
                List.of("备案日期", r.date().toString())), 11, 32, 68);
        d.subheading("公钥指纹二维码");
        d.picture(qr(r.fingerprint()), "fingerprint.png", 130);
        d.small("二维码内容即上表“公钥指纹”。评审时以此指纹（evidence verify --key）或含上表验证公钥的信任策略（--policy）核验证据包来源。");
        d.heading("企业声明");
        d.line("本企业确认：上表公钥为本企业证据采集器的签名公钥，对应私钥仅存于该采集器；证据日志的检查点均以上表日志标识签署。"
                + "如更换密钥或采集器，本企业将重新备案。");
        d.line(" ");
        d.line("法定代表人（签字）：________________________        日期：______年____月____日");
        d.line(" ");
        d.line("企业（公章）：");
        d.line(" ");
        d.line(" ");
        d.heading("受理单位填写");
        d.line("受理单位：__________________   经办人：__________   受理日期：______年____月____日");
        return d.bytes();
    }

    /** A QR code of {@code text} as a PNG, error correction M, with a quiet zone. */
    static byte[] qr(String text) {
        try {
            BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, QR_PIXELS, QR_PIXELS,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(m.getWidth(), m.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    image.setRGB(x, y, m.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode '" + text + "' as a QR code: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String s) {
        return s == null || s.isBlank() ? "（未填写）" : s;
    }
}
