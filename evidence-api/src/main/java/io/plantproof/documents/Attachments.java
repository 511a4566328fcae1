package io.plantproof.documents;

import io.plantproof.merkle.Hashes;
import io.plantproof.profile.ApplicationProfile.AttachmentRef;
import io.plantproof.profile.ProfileFile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The profile's attachments as the documents list them: file, SHA-256 (as the bundle's statement lists it),
 * size, what it backs, and for photos and screenshots the picture itself.
 */
final class Attachments {

    /** One attachment read from the profile's folder. */
    record Attachment(AttachmentRef ref, byte[] bytes, String sha256) {

        String fileName() {
            int slash = ref.path().lastIndexOf('/');
            return slash < 0 ? ref.path() : ref.path().substring(slash + 1);
        }

        /** The picture's pixel size, or {@code null} for a file that is not a PNG or JPEG picture. */
        int[] pictureSize() {
            String lower = ref.path().toLowerCase(Locale.ROOT);
            if (!lower.endsWith(".png") && !lower.endsWith(".jpg") && !lower.endsWith(".jpeg")) {
                return null;
            }
            try {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
                return img == null ? null : new int[] {img.getWidth(), img.getHeight()};
            } catch (IOException e) {
                return null;
            }
        }

        int pictureType() {
            return ref.path().toLowerCase(Locale.ROOT).endsWith(".png") ? org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG
                    : org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_JPEG;
        }
    }

    private Attachments() {
    }

    /** The attachments {@code refs} names, read from the profile's folder. */
    static List<Attachment> read(ProfileFile profile, List<AttachmentRef> refs) {
        List<Attachment> out = new ArrayList<>();
        for (AttachmentRef r : refs) {
            try {
                byte[] bytes = Files.readAllBytes(profile.attachment(r.path()));
                out.add(new Attachment(r, bytes, Hashes.sha256Hex(bytes)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read attachment " + r.path() + " named at " + r.field() + " in "
                        + profile.name() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The table rows: file, where the bundle keeps it, SHA-256, size, what it backs. */
    static List<List<String>> rows(List<Attachment> attachments) {
        return attachments.stream().map(a -> List.of(a.fileName(), ProfileFile.ATTACHMENTS_IN_BUNDLE + a.ref().path(),
                a.sha256(), String.format(Locale.ROOT, "%.1f KB", a.bytes().length / 1024.0), a.ref().backs() + "（申报）")).toList();
    }

    static final List<String> HEADER = List.of("文件", "证据包中的位置", "SHA-256", "大小", "佐证内容");
    static final int[] WIDTHS = {18, 24, 30, 8, 20};
}
