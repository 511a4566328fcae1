package io.plantproof.cli;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.plant.PlantFile;
import io.plantproof.sim.DemoPlant;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFPictureData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 采集器公钥备案表 as an office receives it: the enterprise, its credit code, the collector and its log origin,
 * the key fingerprint as text and as a QR code that reads back as the same fingerprint, and the blanks to sign and stamp.
 */
class KeyRegisterFormTest {

    @TempDir
    Path dir;

    @Test
    void theFormCarriesTheFingerprintAsTextAndAsAQrCodeThatReadsBack() throws Exception {
        Path plantFile = dir.resolve("plant.yml");
        Files.writeString(plantFile, PlantFile.toYaml(DemoPlant.plant("opc.tcp://localhost:1/x", "tcp://localhost:1", "data")));
        Path form = dir.resolve("采集器公钥备案表.docx");

        SmallBundle.Run run = plantproof("key", "register-form", "--config", plantFile.toString(), "--out", form.toString());

        assertThat(run.code()).as(run.all()).isZero();
        String fingerprint = CollectorKey.loadOrCreate(dir.resolve("data/keys")).fingerprint();
        assertThat(run.out()).contains(fingerprint).contains("plantproof/91330602MA2D000001/collector");
        try (InputStream in = Files.newInputStream(form); XWPFDocument doc = new XWPFDocument(in)) {
            String text = new XWPFWordExtractor(doc).getText();
            assertThat(text).contains("采集器公钥备案表").contains("绍兴示例精密机械有限公司").contains("91330602MA2D000001")
                    .contains(fingerprint).contains("plantproof/91330602MA2D000001/collector").contains("法定代表人（签字）")
                    .contains("企业（公章）");
            assertThat(doc.getAllPictures()).hasSize(1);
            XWPFPictureData qr = doc.getAllPictures().get(0);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(qr.getData()));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
            assertThat(decoded).isEqualTo(fingerprint);
        }
    }

    @Test
    void aPlantWithoutACreditCodeCannotRegisterAKey() throws Exception {
        Path plantFile = dir.resolve("plant.yml");
        Files.writeString(plantFile, PlantFile.toYaml(DemoPlant.plant("opc.tcp://localhost:1/x", "tcp://localhost:1", "data"))
                .replace("creditCode: \"91330602MA2D000001\"", "").replace("creditCode: 91330602MA2D000001", ""));
        SmallBundle.Run run = plantproof("key", "register-form", "--config", plantFile.toString(), "--out", dir.resolve("f.docx").toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("enterprise.creditCode");
    }
}
